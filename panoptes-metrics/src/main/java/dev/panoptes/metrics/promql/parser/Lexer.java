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
 *
 * <p>Like Prometheus' lexer this one has modes: inside braces only label matchers are lexed
 * ({@code ==} is two {@code =}, a digit is an error); inside brackets only durations, operators,
 * {@code :} and the words {@code step}, {@code range}, {@code min_of}, {@code max_of}. A lexical
 * error becomes an {@link TokenType#ERROR} token that ends the stream, so that, as in Prometheus,
 * a syntax error earlier in the query is reported first.
 */
final class Lexer {

    private final String query;
    private int pos;
    private int parenDepth;
    private boolean braceOpen;
    private boolean bracketOpen;
    private boolean gotColon;
    /** Right after "[" or an operator inside brackets, where Prometheus lexes a duration expression. */
    private boolean durationMode;

    private Lexer(String query) {
        this.query = query;
    }

    static List<Token> tokenize(String query) {
        Lexer lexer = new Lexer(query);
        List<Token> tokens = new ArrayList<>();
        while (true) {
            Token t;
            try {
                t = lexer.next();
            } catch (LexError e) {
                t = new Token(TokenType.ERROR, e.getMessage(), e.position, e.position);
            }
            tokens.add(t);
            if (t.is(TokenType.EOF) || t.is(TokenType.ERROR)) {
                return tokens;
            }
        }
    }

    /** A lexical error, turned into an error token. */
    private static final class LexError extends RuntimeException {
        private final int position;

        LexError(int position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    private LexError error(int at, String detail) {
        return new LexError(at, detail);
    }

    private Token next() {
        if (braceOpen) {
            return insideBraces();
        }
        if (durationMode) {
            return insideDuration();
        }
        skipSpaceAndComments();
        int start = pos;
        if (pos >= query.length()) {
            if (parenDepth != 0) {
                throw error(pos, "unclosed left parenthesis");
            }
            if (bracketOpen) {
                throw error(pos, "unclosed left bracket");
            }
            return new Token(TokenType.EOF, "", pos, pos);
        }
        char c = query.charAt(pos);
        switch (c) {
            case '{':
                pos++;
                braceOpen = true;
                return token(TokenType.LEFT_BRACE, start);
            case '}': throw error(start, "unexpected character: '}'");
            case '(': pos++; parenDepth++; return token(TokenType.LEFT_PAREN, start);
            case ')': return rightParen();
            case '[':
                if (bracketOpen) {
                    throw error(start, "unexpected left bracket '['");
                }
                pos++;
                bracketOpen = true;
                gotColon = false;
                durationMode = true;
                return token(TokenType.LEFT_BRACKET, start);
            case ']':
                if (!bracketOpen) {
                    throw error(start, "unexpected right bracket ']'");
                }
                pos++;
                bracketOpen = false;
                return token(TokenType.RIGHT_BRACKET, start);
            case ',': pos++; return token(TokenType.COMMA, start);
            case '@': pos++; return token(TokenType.AT, start);
            case '+', '-', '*', '/', '%', '^': pos++; return token(TokenType.OPERATOR, start);
            case '=':
                pos++;
                if (peekChar() == '=') {
                    pos++;
                    return token(TokenType.OPERATOR, start);
                }
                if (peekChar() == '~') {
                    throw error(start, "unexpected character after '=': '~'");
                }
                return token(TokenType.ASSIGN, start);
            case '!':
                pos++;
                if (peekChar() == '=') {
                    pos++;
                    return token(TokenType.OPERATOR, start);
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
        if (startsNumber(c)) {
            return numberOrDuration();
        }
        if (bracketOpen && (isIdentifierStart(c))) {
            return wordInBrackets(start, c);
        }
        if (isIdentifierStart(c)) {
            while (pos < query.length() && isIdentifierPart(query.charAt(pos))) {
                pos++;
            }
            return token(TokenType.IDENTIFIER, start);
        }
        throw error(start, "unexpected character: " + describeChar(c));
    }

    private Token rightParen() {
        pos++;
        if (--parenDepth < 0) {
            // Reported just after the parenthesis, where Prometheus' lexer reports it.
            throw error(pos, "unexpected right parenthesis ')'");
        }
        return token(TokenType.RIGHT_PAREN, pos - 1);
    }

    /** After a duration inside brackets: the subquery colon or a duration keyword. */
    private Token wordInBrackets(int start, char c) {
        if (c == ':') {
            if (gotColon) {
                throw error(start, "unexpected colon ':'");
            }
            pos++;
            gotColon = true;
            return token(TokenType.COLON, start);
        }
        Token keyword = durationKeyword(start);
        if (keyword == null) {
            throw error(start, "unexpected character: " + describeChar(c) + ", expected ':'");
        }
        return keyword;
    }

    /** {@code step}, {@code range}, {@code min_of} or {@code max_of} (any case) at {@code start}, else null. */
    private Token durationKeyword(int start) {
        int end = start;
        while (end < query.length() && (isLetter(query.charAt(end)) || query.charAt(end) == '_')) {
            end++;
        }
        String word = query.substring(start, end).toLowerCase(java.util.Locale.ROOT);
        if (word.equals("step") || word.equals("range") || word.equals("min_of") || word.equals("max_of")) {
            pos = end;
            return token(TokenType.IDENTIFIER, start);
        }
        return null;
    }

    private Token insideDuration() {
        skipSpaces();
        int start = pos;
        if (pos >= query.length()) {
            throw error(pos, "unexpected end of input in duration expression");
        }
        char c = query.charAt(pos);
        switch (c) {
            case ']':
                pos++;
                bracketOpen = false;
                gotColon = false;
                durationMode = false;
                return token(TokenType.RIGHT_BRACKET, start);
            case ':':
                if (gotColon) {
                    throw error(start + 1, "unexpected repeated colon in duration expression");
                }
                pos++;
                gotColon = true;
                return token(TokenType.COLON, start);
            case '(': pos++; parenDepth++; return token(TokenType.LEFT_PAREN, start);
            case ')': return rightParen();
            case ',': pos++; return token(TokenType.COMMA, start);
            case '+', '-', '*', '/', '%', '^': pos++; return token(TokenType.OPERATOR, start);
            default:
                break;
        }
        if (startsNumber(c)) {
            durationMode = false;
            return numberOrDuration();
        }
        Token keyword = isLetter(c) ? durationKeyword(start) : null;
        if (keyword == null) {
            throw error(start, "unexpected character in duration expression: " + describeChar(c));
        }
        return keyword;
    }

    /** Inside braces only label names, matching operators, strings, commas and "}" are lexed. */
    private Token insideBraces() {
        skipSpaces();
        int start = pos;
        if (pos >= query.length()) {
            throw error(pos, "unexpected end of input inside braces");
        }
        char c = query.charAt(pos);
        switch (c) {
            case '}':
                pos++;
                braceOpen = false;
                return token(TokenType.RIGHT_BRACE, start);
            case ',': pos++; return token(TokenType.COMMA, start);
            case '=':
                pos++;
                if (peekChar() == '~') {
                    pos++;
                    return token(TokenType.EQUAL_REGEX, start);
                }
                return token(TokenType.ASSIGN, start);
            case '!':
                pos++;
                if (peekChar() == '~') {
                    pos++;
                    return token(TokenType.NOT_EQUAL_REGEX, start);
                }
                if (peekChar() == '=') {
                    pos++;
                    return token(TokenType.OPERATOR, start);
                }
                throw error(start, "unexpected character after '!' inside braces: " + describeChar(peekChar()));
            case '{': throw error(start, "unexpected left brace '{'");
            case '"', '\'', '`': return string(c);
            default:
                break;
        }
        if (isLetter(c) || c == '_') {
            while (pos < query.length() && (isLetter(query.charAt(pos)) || query.charAt(pos) == '_'
                    || isDigit(query.charAt(pos)))) {
                pos++;
            }
            return token(TokenType.IDENTIFIER, start);
        }
        throw error(start, "unexpected character inside braces: " + describeChar(c));
    }

    private void skipSpaces() {
        while (pos < query.length() && isSpace(query.charAt(pos))) {
            pos++;
        }
    }

    /** A digit, or a dot before a digit ({@code .5}). */
    private boolean startsNumber(char c) {
        return isDigit(c) || (c == '.' && pos + 1 < query.length() && isDigit(query.charAt(pos + 1)));
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
            } else if (isSpace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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
            while (pos < query.length() && (isHexDigit(query.charAt(pos)) || query.charAt(pos) == '_')) {
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

    /** {@code 0x} followed by a hex digit, or by an underscore and a hex digit ({@code 0x_1F}). */
    private boolean isHexStart(int at) {
        if (at + 2 >= query.length() || query.charAt(at) != '0' || (query.charAt(at + 1) != 'x' && query.charAt(at + 1) != 'X')) {
            return false;
        }
        int digit = query.charAt(at + 2) == '_' ? at + 3 : at + 2;
        return digit < query.length() && isHexDigit(query.charAt(digit));
    }

    private void scanDigits() {
        while (pos < query.length() && (isDigit(query.charAt(pos)) || query.charAt(pos) == '_')) {
            pos++;
        }
    }

    private Token string(char quote) {
        int start = pos;
        pos++;
        StringEscapes.Text out = new StringEscapes.Text();
        String unterminated = quote == '`' ? "unterminated raw string" : "unterminated quoted string";
        while (true) {
            if (pos >= query.length()) {
                throw error(start, unterminated);
            }
            char c = query.charAt(pos++);
            if (c == quote) {
                return new Token(TokenType.STRING, out.toString(), start, pos);
            }
            if (quote != '`' && c == '\n') {
                throw error(start, unterminated);
            }
            if (c == '\\' && quote != '`') {
                pos = StringEscapes.unescape(query, pos, quote, start, out, (at, detail) -> {
                    throw error(at, detail);
                });
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
