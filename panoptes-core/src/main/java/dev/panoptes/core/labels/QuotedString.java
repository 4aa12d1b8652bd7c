package dev.panoptes.core.labels;

/**
 * Reads the string literals of label selectors as Prometheus and Loki write them: double or
 * single quotes with Go's escapes ({@code \n}, {@code \t}, {@code \\}, {@code \"}, {@code \xFF},
 * {@code \u00e9}, {@code \U0001F600}, octal {@code \123}), or backticks with no escapes at all.
 * Shared by every parser of selector text so that they agree on what a string is.
 *
 * <p>Stateless and thread-safe.
 */
public final class QuotedString {

    private QuotedString() {
    }

    /** A literal that does not end or has a bad escape; {@code offset} is where in the text. */
    public static final class MalformedException extends Exception {

        private static final long serialVersionUID = 1L;
        private final int offset;

        MalformedException(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        /** The index in the text where the problem is. */
        public int offset() {
            return offset;
        }
    }

    /**
     * Reads the literal that starts at {@code start} (its opening quote) into {@code out} and
     * returns the index just past its closing quote.
     */
    public static int read(CharSequence text, int start, StringBuilder out) throws MalformedException {
        char quote = text.charAt(start);
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw new MalformedException("expected a quoted string", start);
        }
        int i = start + 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == quote) {
                return i + 1;
            }
            if (quote == '`' || c != '\\') {
                if (quote != '`' && c == '\n') {
                    throw new MalformedException("newline in string", i);
                }
                out.append(c);
                i++;
                continue;
            }
            i = escape(text, i, quote, out);
        }
        throw new MalformedException("unterminated quoted string", start);
    }

    /** Decodes the escape at {@code i} (its backslash); returns the index after it. */
    private static int escape(CharSequence text, int i, char quote, StringBuilder out) throws MalformedException {
        if (i + 1 >= text.length()) {
            throw new MalformedException("unterminated quoted string", i);
        }
        char e = text.charAt(i + 1);
        switch (e) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\\' -> out.append('\\');
            case 'x' -> {
                out.append((char) hex(text, i + 2, 2, i));
                return i + 4;
            }
            case 'u' -> {
                out.appendCodePoint(codePoint(hex(text, i + 2, 4, i), i));
                return i + 6;
            }
            case 'U' -> {
                out.appendCodePoint(codePoint(hex(text, i + 2, 8, i), i));
                return i + 10;
            }
            default -> {
                if (e == quote) {
                    out.append(e);
                } else if (e >= '0' && e <= '7') {
                    int v = 0;
                    for (int k = 1; k <= 3; k++) {
                        char d = i + k < text.length() ? text.charAt(i + k) : 0;
                        if (d < '0' || d > '7') {
                            throw new MalformedException("invalid octal escape", i);
                        }
                        v = v * 8 + (d - '0');
                    }
                    if (v > 255) {
                        throw new MalformedException("octal escape above \\377", i);
                    }
                    out.append((char) v);
                    return i + 4;
                } else {
                    throw new MalformedException("unknown escape sequence \\" + e, i);
                }
            }
        }
        return i + 2;
    }

    private static int hex(CharSequence text, int from, int digits, int escapeAt) throws MalformedException {
        if (from + digits > text.length()) {
            throw new MalformedException("truncated escape sequence", escapeAt);
        }
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(text.charAt(from + k), 16);
            if (d < 0) {
                throw new MalformedException("invalid hexadecimal escape", escapeAt);
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static int codePoint(int v, int escapeAt) throws MalformedException {
        if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            throw new MalformedException("escape sequence is not a valid Unicode code point", escapeAt);
        }
        return v;
    }
}
