package dev.panoptes.logs.logql;

/**
 * A streaming reader over one JSON text held in a {@link String}, for the {@code json} and
 * {@code unpack} stages: it walks the text in place, makes strings only for the values it hands
 * out, and reports malformed input with the messages Loki's JSON reader gives (they become
 * {@code __error_details__}). Hand-written rather than a general JSON library because this is the
 * hot path of most log queries, and because Loki's leniencies (text after the object is ignored,
 * a number is whatever runs up to the next delimiter) must be matched.
 *
 * <p>Reused from line to line; not thread-safe.
 */
final class JsonLineReader {

    static final String MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
    static final String MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
    static final String MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
    static final String MALFORMED_JSON = "Malformed JSON error";
    static final String UNKNOWN_TYPE = "Unknown value type";
    static final String MALFORMED_ESCAPE = "Encountered an invalid escape sequence in a string";
    /** Objects nested deeper than this are refused rather than risk the stack. */
    static final int MAX_DEPTH = 256;

    /** Malformed input: a message, no stack trace (it is a per-line outcome, not a bug). */
    static final class MalformedJson extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJson(String message) {
            super(message, null, false, false);
        }
    }

    /** What a value is. */
    enum Kind { STRING, NUMBER, TRUE, FALSE, NULL, OBJECT, ARRAY }

    private final StringBuilder scratch = new StringBuilder();
    String text;
    int pos;
    /** Whether the string {@link #skipString} last passed holds a backslash escape. */
    boolean lastStringEscaped;

    void reset(String text) {
        this.text = text;
        this.pos = 0;
    }

    /** Skips white space; false at the end of the text. */
    boolean skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
            pos++;
        }
        return false;
    }

    char peek() {
        return text.charAt(pos);
    }

    /** At the opening {@code "} of a string: moves past its closing quote and returns the index after the opening one. */
    int skipString() throws MalformedJson {
        int start = ++pos;
        boolean escaped = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                lastStringEscaped = escaped;
                return start;
            }
            if (c == '\\') {
                escaped = true;
                pos += 2;
            } else {
                pos++;
            }
        }
        throw new MalformedJson(MALFORMED_STRING);
    }

    /** The content of the string whose body is {@code text[start, end)} (without quotes), unescaped; "" when an escape is bad. */
    String stringValue(int start, int end) {
        if (!hasBackslash(start, end)) {
            return text.substring(start, end);
        }
        scratch.setLength(0);
        return appendUnescaped(scratch, start, end) ? scratch.toString() : "";
    }

    boolean hasBackslash(int start, int end) {
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == '\\') {
                return true;
            }
        }
        return false;
    }

    /** Appends the unescaped body {@code text[start, end)}; false when an escape is invalid. */
    boolean appendUnescaped(StringBuilder out, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= end) {
                return false;
            }
            switch (text.charAt(i)) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 >= end) {
                        return false;
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = Character.digit(text.charAt(i + k), 16);
                        if (d < 0) {
                            return false;
                        }
                        code = code * 16 + d;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * At the first character of a value: says what it is without moving, or fails as Loki's reader
     * does on a value it cannot type.
     */
    Kind kind() throws MalformedJson {
        char c = text.charAt(pos);
        return switch (c) {
            case '"' -> Kind.STRING;
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case 't' -> literal("true", Kind.TRUE);
            case 'f' -> literal("false", Kind.FALSE);
            case 'n' -> literal("null", Kind.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield Kind.NUMBER;
                }
                throw new MalformedJson(UNKNOWN_TYPE);
            }
        };
    }

    private Kind literal(String word, Kind kind) throws MalformedJson {
        int end = scalarEnd();
        if (end - pos != word.length() || !text.startsWith(word, pos)) {
            throw new MalformedJson(UNKNOWN_TYPE);
        }
        return kind;
    }

    /** The end of the scalar starting at {@code pos}: the next delimiter or the end of the text. */
    int scalarEnd() {
        int i = pos;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /** Moves past the value at {@code pos} of kind {@code kind}; containers are matched by brackets, strings respected. */
    void skipValue(Kind kind) throws MalformedJson {
        switch (kind) {
            case STRING -> skipString();
            case OBJECT, ARRAY -> skipBlock(kind);
            default -> pos = scalarEnd();
        }
    }

    private void skipBlock(Kind kind) throws MalformedJson {
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                skipString();
                continue;
            }
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    pos++;
                    return;
                }
            }
            pos++;
        }
        throw new MalformedJson(kind == Kind.OBJECT ? MALFORMED_OBJECT : MALFORMED_ARRAY);
    }

    /**
     * At an object's {@code {}: moves to its first key's opening quote and returns true, or past
     * its {@code }} and returns false when it is empty.
     */
    boolean enterObject() throws MalformedJson {
        if (!skipSpace() || peek() != '{') {
            throw new MalformedJson(MALFORMED_OBJECT);
        }
        pos++;
        if (!skipSpace()) {
            throw new MalformedJson(MALFORMED_JSON);
        }
        return keyOrEnd();
    }

    /** At a key's opening quote (true) or past the object's closing brace (false). */
    private boolean keyOrEnd() throws MalformedJson {
        if (peek() == '}') {
            pos++;
            return false;
        }
        if (peek() != '"') {
            throw new MalformedJson(MALFORMED_OBJECT);
        }
        return true;
    }

    /** After a key's closing quote: moves past {@code :} to the value's first character. */
    void colon() throws MalformedJson {
        if (!skipSpace() || peek() != ':') {
            throw new MalformedJson(MALFORMED_JSON);
        }
        pos++;
        if (!skipSpace()) {
            throw new MalformedJson(MALFORMED_JSON);
        }
    }

    /** After a member's value: true with {@code pos} at the next key's quote, false past the closing {@code }}. */
    boolean nextMember() throws MalformedJson {
        if (!skipSpace()) {
            throw new MalformedJson(MALFORMED_ARRAY);
        }
        char c = peek();
        if (c == '}') {
            pos++;
            return false;
        }
        if (c != ',') {
            throw new MalformedJson(MALFORMED_OBJECT);
        }
        pos++;
        if (!skipSpace()) {
            throw new MalformedJson(MALFORMED_ARRAY);
        }
        return keyOrEnd();
    }
}
