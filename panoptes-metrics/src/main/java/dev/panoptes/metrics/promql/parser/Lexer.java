package dev.panoptes.metrics.promql.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a PromQL query into tokens. Hand-written rather than generated: the grammar is small,
 * the error positions must match Prometheus', and a hand-written scanner costs nothing per query
 * beyond one pass over the characters.
 *
 * <p>Numbers and durations share a start ({@code 5} vs {@code 5m}); a run of digits followed by a
 * duration unit is a duration, as in Prometheus. Keywords are lexed as identifiers and recognised
 * by the parser, because PromQL lets most keywords be metric and label names too.
 */
final class Lexer {

    private final String query;
    private int pos;

    private Lexer(String query) {
        this.query = query;
    }

    static List<Token> tokenize(String query) {
        Lexer lexer = new Lexer(query);
        List<Token> tokens = new ArrayList<>();
        while (true) {
            Token t = lexer.next();
            tokens.add(t);
            if (t.is(TokenType.EOF)) {
                return tokens;
            }
        }
    }

    private ParseException error(int at, String detail) {
        return new ParseException(query, at, detail);
    }

    private Token next() {
        skipSpaceAndComments();
        int start = pos;
        if (pos >= query.length()) {
            return new Token(TokenType.EOF, "", pos, pos);
        }
        char c = query.charAt(pos);
        switch (c) {
            case '{': pos++; return token(TokenType.LEFT_BRACE, start);
            case '}': pos++; return token(TokenType.RIGHT_BRACE, start);
            case '(': pos++; return token(TokenType.LEFT_PAREN, start);
            case ')': pos++; return token(TokenType.RIGHT_PAREN, start);
            case '[': pos++; return token(TokenType.LEFT_BRACKET, start);
            case ']': pos++; return token(TokenType.RIGHT_BRACKET, start);
            case ',': pos++; return token(TokenType.COMMA, start);
            case ':': pos++; return token(TokenType.COLON, start);
            case '@': pos++; return token(TokenType.AT, start);
            case '+', '-', '*', '/', '%', '^': pos++; return token(TokenType.OPERATOR, start);
            case '=':
                pos++;
                if (peekChar() == '=') {
                    pos++;
                    return token(TokenType.OPERATOR, start);
                }
                if (peekChar() == '~') {
                    pos++;
                    return token(TokenType.EQUAL_REGEX, start);
                }
                return token(TokenType.ASSIGN, start);
            case '!':
                pos++;
                if (peekChar() == '=') {
                    pos++;
                    return token(TokenType.OPERATOR, start);
                }
                if (peekChar() == '~') {
                    pos++;
                    return token(TokenType.NOT_EQUAL_REGEX, start);
                }
                throw error(start, "unexpected character after '!': " + describeChar(peekChar()));
            case '<', '>':
                pos++;
                // "</" and ">/" are the native-histogram trim operators.
                if (peekChar() == '=' || peekChar() == '/') {
                    pos++;
                }
                return token(TokenType.OPERATOR, start);
            case '"', '\'', '`':
                return string(c);
            default:
                break;
        }
        if (isDigit(c) || (c == '.' && pos + 1 < query.length() && isDigit(query.charAt(pos + 1)))) {
            return numberOrDuration();
        }
        if (isIdentifierStart(c)) {
            while (pos < query.length() && isIdentifierPart(query.charAt(pos))) {
                pos++;
            }
            return token(TokenType.IDENTIFIER, start);
        }
        throw error(start, "unexpected character: " + describeChar(c));
    }

    private static String describeChar(char c) {
        return c == 0 ? "end of input" : "'" + c + "'";
    }

    private char peekChar() {
        return pos < query.length() ? query.charAt(pos) : 0;
    }

    private Token token(TokenType type, int start) {
        return new Token(type, query.substring(start, pos), start, pos);
    }

    private void skipSpaceAndComments() {
        while (pos < query.length()) {
            char c = query.charAt(pos);
            if (c == '#') {
                while (pos < query.length() && query.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private Token numberOrDuration() {
        int start = pos;
        // A duration: digits followed by a unit, possibly repeated (1h30m).
        int p = pos;
        while (p < query.length() && isDigit(query.charAt(p))) {
            p++;
        }
        if (p > pos && p < query.length() && isDurationUnitStart(query.charAt(p))) {
            int end = p;
            while (end < query.length() && (Character.isLetterOrDigit(query.charAt(end)))) {
                end++;
            }
            String text = query.substring(start, end);
            if (DurationText.isValid(text)) {
                pos = end;
                return token(TokenType.DURATION, start);
            }
            if (!isHexStart(start)) {
                throw error(start, "bad number or duration syntax: \"" + text + "\"");
            }
        }
        if (isHexStart(start)) {
            pos = start + 2;
            while (pos < query.length() && isHexDigit(query.charAt(pos))) {
                pos++;
            }
        } else {
            scanDigits();
            if (peekChar() == '.') {
                pos++;
                scanDigits();
            }
            if (peekChar() == 'e' || peekChar() == 'E') {
                int save = pos;
                pos++;
                if (peekChar() == '+' || peekChar() == '-') {
                    pos++;
                }
                if (!isDigit(peekChar())) {
                    pos = save;
                } else {
                    scanDigits();
                }
            }
        }
        if (pos < query.length() && isNumberTail(query.charAt(pos))) {
            int end = pos;
            while (end < query.length() && isNumberTail(query.charAt(end))) {
                end++;
            }
            throw error(start, "bad number or duration syntax: \"" + query.substring(start, end) + "\"");
        }
        return token(TokenType.NUMBER, start);
    }

    private boolean isHexStart(int at) {
        return at + 2 < query.length() && query.charAt(at) == '0'
                && (query.charAt(at + 1) == 'x' || query.charAt(at + 1) == 'X') && isHexDigit(query.charAt(at + 2));
    }

    private void scanDigits() {
        while (pos < query.length() && (isDigit(query.charAt(pos)) || query.charAt(pos) == '_')) {
            pos++;
        }
    }

    private Token string(char quote) {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= query.length()) {
                throw error(start, "unterminated quoted string " + quote);
            }
            char c = query.charAt(pos++);
            if (c == quote) {
                return new Token(TokenType.STRING, out.toString(), start, pos);
            }
            if (quote != '`' && c == '\n') {
                throw error(start, "unterminated quoted string " + quote);
            }
            if (c == '\\' && quote != '`') {
                pos = StringEscapes.unescape(query, pos, quote, out, this::error);
            } else {
                out.append(c);
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Characters that may not directly follow a number (a colon may: {@code [30:10s]}). */
    private static boolean isNumberTail(char c) {
        return c != ':' && isIdentifierPart(c);
    }

    private static boolean isDurationUnitStart(char c) {
        return c == 'y' || c == 'w' || c == 'd' || c == 'h' || c == 'm' || c == 's';
    }

    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
