package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.labels.QuotedString;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a LogQL query into tokens with their line and column (1-based), so that every parse
 * error can point at its place. Strings are unquoted here (double, single or back quotes, with
 * {@link QuotedString}'s escapes). Comments run from {@code #} to the end of the line.
 *
 * <p>Words are all {@link Kind#IDENTIFIER}s: whether {@code sum} or {@code json} is a keyword
 * depends on where it stands, so the parser decides (case-insensitively, as Loki does). Numbers
 * followed by a unit become {@link Kind#DURATION} ({@code 5m}, {@code 1.5h}) or {@link Kind#BYTES}
 * ({@code 10KB}) the way Loki's lexer decides: a duration if the letters after the number make
 * one, else a byte size, else a plain number. {@code [5m]} is one {@link Kind#RANGE} token.
 *
 * <p>Stateless; each call is independent.
 */
final class LogQLLexer {

    /** The kinds of token; {@link #display} is how errors name them. */
    enum Kind {
        OPEN_BRACE("{"), CLOSE_BRACE("}"), OPEN_PAREN("("), CLOSE_PAREN(")"), COMMA(","),
        EQ("="), NEQ("!="), RE("=~"), NRE("!~"), CMP_EQ("=="), GT(">"), GTE(">="), LT("<"), LTE("<="),
        PIPE_EXACT("|="), PIPE_MATCH("|~"), PIPE_PATTERN("|>"), NPA("!>"), PIPE("|"),
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"),
        IDENTIFIER("IDENTIFIER"), STRING("STRING"), NUMBER("NUMBER"), DURATION("DURATION"), BYTES("BYTES"),
        RANGE("RANGE"), FLAG("FLAG"), OTHER("character"), EOF("end of input");

        final String display;

        Kind(String display) {
            this.display = display;
        }
    }

    record Token(Kind kind, String text, int line, int column) {

        /** How an error names this token: its text for punctuation, its kind and text for words. */
        String describe() {
            return switch (kind) {
                case IDENTIFIER, NUMBER, DURATION, BYTES, FLAG -> kind.display + " " + text;
                case RANGE -> "RANGE [" + text + "]";
                case STRING -> "STRING " + Labels.quote(text);
                case OTHER -> "character '" + text + "'";
                case EOF -> "end of input";
                default -> kind.display;
            };
        }

        /** Whether this is the word {@code word}, in any case. */
        boolean is(String word) {
            return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(word);
        }
    }

    private final String query;
    private final List<Token> out = new ArrayList<>();
    private int i;
    private int line = 1;
    private int lineStart;

    private LogQLLexer(String query) {
        this.query = query;
    }

    static List<Token> tokens(String query) throws LogQLParseException {
        LogQLLexer lexer = new LogQLLexer(query);
        lexer.run();
        return lexer.out;
    }

    private void run() throws LogQLParseException {
        int n = query.length();
        StringBuilder text = new StringBuilder();
        while (true) {
            skipSpaceAndComments();
            int col = i - lineStart + 1;
            if (i >= n) {
                out.add(new Token(Kind.EOF, "", line, col));
                return;
            }
            char c = query.charAt(i);
            char next = i + 1 < n ? query.charAt(i + 1) : 0;
            if (c == '"' || c == '\'' || c == '`') {
                text.setLength(0);
                int end;
                try {
                    end = QuotedString.read(query, i, text);
                } catch (QuotedString.MalformedException e) {
                    throw new LogQLParseException(line, col, "syntax error: " + e.getMessage());
                }
                int tokenLine = line;
                countNewlines(i, end);
                out.add(new Token(Kind.STRING, text.toString(), tokenLine, col));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.IDENTIFIER, query.substring(start, i), line, col));
            } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                number(i, col);
            } else if (c == '-' && isDigit(next) && negativeDuration(col)) {
                continue;
            } else if (c == '-' && next == '-' && flag(col)) {
                continue;
            } else if (c == '[') {
                range(col);
            } else {
                punctuation(c, next, col);
            }
        }
    }

    private void skipSpaceAndComments() {
        int n = query.length();
        while (i < n && (Character.isWhitespace(query.charAt(i)) || query.charAt(i) == '#')) {
            if (query.charAt(i) == '#') {
                while (i < n && query.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
            i++;
        }
    }

    private void countNewlines(int from, int to) {
        for (int k = from; k < to; k++) {
            if (query.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
    }

    /** A number, then as Loki does: a duration if its unit letters make one, else a byte size, else the bare number. */
    private void number(int start, int col) {
        int end = numberEnd(start);
        String number = query.substring(start, end);
        int durationEnd = runEnd(end, true);
        if (durationEnd > end && LogQLUnits.isDuration(number + query.substring(end, durationEnd))) {
            out.add(new Token(Kind.DURATION, query.substring(start, durationEnd), line, col));
            i = durationEnd;
            return;
        }
        int bytesEnd = runEnd(end, false);
        if (bytesEnd > end && LogQLUnits.isBytes(query.substring(start, bytesEnd))) {
            out.add(new Token(Kind.BYTES, query.substring(start, bytesEnd), line, col));
            i = bytesEnd;
            return;
        }
        out.add(new Token(Kind.NUMBER, number, line, col));
        i = end;
    }

    /** {@code -5m} is one negative duration token, as in Loki; {@code -5} stays a minus and a number. */
    private boolean negativeDuration(int col) {
        int end = runEnd(i + 1, true);
        String text = query.substring(i, end);
        if (!LogQLUnits.isDuration(text)) {
            return false;
        }
        out.add(new Token(Kind.DURATION, text, line, col));
        i = end;
        return true;
    }

    /** A logfmt parser flag ({@code --strict}, {@code --keep-empty}); anything else after {@code --} is two minus signs. */
    private boolean flag(int col) throws LogQLParseException {
        int end = i + 2;
        while (end < query.length() && (Character.isLetter(query.charAt(end)) || query.charAt(end) == '-')) {
            end++;
        }
        String text = query.substring(i, end);
        if (end == i + 2) {
            return false;
        }
        if (!text.equals("--strict") && !text.equals("--keep-empty")) {
            // Nothing else can follow "--" with a letter: a minus sign applies to numbers only.
            throw new LogQLParseException(line, col, "syntax error: unknown flag " + text + " (logfmt takes --strict and --keep-empty)");
        }
        out.add(new Token(Kind.FLAG, text, line, col));
        i = end;
        return true;
    }

    private void range(int col) throws LogQLParseException {
        int close = query.indexOf(']', i);
        if (close < 0) {
            throw new LogQLParseException(line, col, "missing closing ']' in duration");
        }
        String text = query.substring(i + 1, close);
        try {
            LogQLUnits.rangeDuration(text);
        } catch (IllegalArgumentException e) {
            throw new LogQLParseException(line, col, e.getMessage());
        }
        out.add(new Token(Kind.RANGE, text, line, col));
        countNewlines(i, close);
        i = close + 1;
    }

    private void punctuation(char c, char next, int col) {
        Kind kind = switch (c) {
            case '{' -> Kind.OPEN_BRACE;
            case '}' -> Kind.CLOSE_BRACE;
            case '(' -> Kind.OPEN_PAREN;
            case ')' -> Kind.CLOSE_PAREN;
            case ',' -> Kind.COMMA;
            case '+' -> Kind.ADD;
            case '-' -> Kind.SUB;
            case '*' -> Kind.MUL;
            case '/' -> Kind.DIV;
            case '%' -> Kind.MOD;
            case '^' -> Kind.POW;
            case '=' -> next == '~' ? Kind.RE : next == '=' ? Kind.CMP_EQ : Kind.EQ;
            case '>' -> next == '=' ? Kind.GTE : Kind.GT;
            case '<' -> next == '=' ? Kind.LTE : Kind.LT;
            case '!' -> next == '=' ? Kind.NEQ : next == '~' ? Kind.NRE : next == '>' ? Kind.NPA : Kind.OTHER;
            case '|' -> next == '=' ? Kind.PIPE_EXACT : next == '~' ? Kind.PIPE_MATCH : next == '>' ? Kind.PIPE_PATTERN : Kind.PIPE;
            default -> Kind.OTHER;
        };
        int width = kind == Kind.OTHER ? Character.charCount(query.codePointAt(i)) : kind.display.length();
        out.add(new Token(kind, query.substring(i, i + width), line, col));
        i += width;
    }

    /** Where a decimal number starting at {@code start} ends: digits, a fraction, an exponent. */
    private int numberEnd(int start) {
        int n = query.length();
        int k = start;
        while (k < n && isDigit(query.charAt(k))) {
            k++;
        }
        if (k < n && query.charAt(k) == '.') {
            k++;
            while (k < n && isDigit(query.charAt(k))) {
                k++;
            }
        }
        if (k < n && (query.charAt(k) == 'e' || query.charAt(k) == 'E')) {
            int e = k + 1;
            if (e < n && (query.charAt(e) == '+' || query.charAt(e) == '-')) {
                e++;
            }
            if (e < n && isDigit(query.charAt(e))) {
                while (e < n && isDigit(query.charAt(e))) {
                    e++;
                }
                k = e;
            }
        }
        return k;
    }

    /** The end of the run of digits, dots and unit letters (of durations, or of byte sizes) from {@code start}. */
    private int runEnd(int start, boolean duration) {
        int k = start;
        while (k < query.length()) {
            char c = query.charAt(k);
            boolean unit = duration ? "numµshdwy".indexOf(c) >= 0 : "BikKMGTP".indexOf(c) >= 0;
            if (!unit && !isDigit(c) && c != '.') {
                break;
            }
            k++;
        }
        return k;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
