package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.QuotedString;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a LogQL query into tokens with their line and column (1-based), so that every parse
 * error can point at its place. Strings are unquoted here (double, single or back quotes, with
 * {@link QuotedString}'s escapes). Comments run from {@code #} to the end of the line.
 *
 * <p>Stateless; each call is independent.
 */
final class LogQLLexer {

    /** The kinds of token; {@link #display} is how errors name them. */
    enum Kind {
        OPEN_BRACE("{"), CLOSE_BRACE("}"), OPEN_PAREN("("), CLOSE_PAREN(")"), COMMA(","),
        EQ("="), NEQ("!="), RE("=~"), NRE("!~"),
        PIPE_EXACT("|="), PIPE_MATCH("|~"), PIPE_PATTERN("|>"), NPA("!>"), PIPE("|"),
        IDENTIFIER("IDENTIFIER"), STRING("STRING"), NUMBER("NUMBER"), OTHER("character"), EOF("end of input");

        final String display;

        Kind(String display) {
            this.display = display;
        }
    }

    record Token(Kind kind, String text, int line, int column) {

        /** How an error names this token: its text for punctuation, its kind and text for words. */
        String describe() {
            return switch (kind) {
                case IDENTIFIER, NUMBER -> kind.display + " " + text;
                case STRING -> "STRING " + dev.panoptes.core.labels.Labels.quote(text);
                case OTHER -> "character '" + text + "'";
                case EOF -> "end of input";
                default -> kind.display;
            };
        }
    }

    private LogQLLexer() {
    }

    static List<Token> tokens(String query) throws LogQLParseException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        int lineStart = 0;
        int n = query.length();
        StringBuilder text = new StringBuilder();
        while (true) {
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
            int col = i - lineStart + 1;
            if (i >= n) {
                out.add(new Token(Kind.EOF, "", line, col));
                return out;
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
                for (int k = i; k < end; k++) {
                    if (query.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                out.add(new Token(Kind.STRING, text.toString(), line, col));
                i = end;
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.IDENTIFIER, query.substring(start, i), line, col));
                continue;
            }
            if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, query.substring(start, i), line, col));
                continue;
            }
            Kind kind = switch (c) {
                case '{' -> Kind.OPEN_BRACE;
                case '}' -> Kind.CLOSE_BRACE;
                case '(' -> Kind.OPEN_PAREN;
                case ')' -> Kind.CLOSE_PAREN;
                case ',' -> Kind.COMMA;
                case '=' -> next == '~' ? Kind.RE : Kind.EQ;
                case '!' -> next == '=' ? Kind.NEQ : next == '~' ? Kind.NRE : next == '>' ? Kind.NPA : Kind.OTHER;
                case '|' -> next == '=' ? Kind.PIPE_EXACT : next == '~' ? Kind.PIPE_MATCH : next == '>' ? Kind.PIPE_PATTERN : Kind.PIPE;
                default -> Kind.OTHER;
            };
            int width = kind == Kind.OTHER || kind.display.length() == 1 ? 1 : 2;
            out.add(new Token(kind, query.substring(i, i + width), line, col));
            i += width;
        }
    }
}
