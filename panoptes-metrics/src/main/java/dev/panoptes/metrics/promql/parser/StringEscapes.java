package dev.panoptes.metrics.promql.parser;

/**
 * Go-style escape sequences in PromQL's double- and single-quoted strings, with Prometheus'
 * messages; every error points at the start of the string, as Prometheus' lexer reports it.
 */
final class StringEscapes {

    interface ErrorFactory {
        ParseException at(int position, String detail);
    }

    /** The one-letter escapes and the characters they stand for, position by position. */
    private static final String SIMPLE = "abfnrtv\\";
    private static final String SIMPLE_VALUES = "\u0007\b\f\n\r\t\u000b\\";

    private StringEscapes() {
    }

    /**
     * A string being unescaped. {@code \x} and octal escapes are bytes, as in Go, so runs of them
     * are decoded as UTF-8 together ({@code "\xc3\xa9"} is {@code é}); bytes that are not valid
     * UTF-8 become U+FFFD, which label-name validation then refuses as Prometheus refuses
     * invalid UTF-8.
     */
    static final class Text {
        private final StringBuilder chars = new StringBuilder();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        void append(char c) {
            flush();
            chars.append(c);
        }

        void appendCodePoint(int cp) {
            flush();
            chars.appendCodePoint(cp);
        }

        void appendByte(int b) {
            bytes.write(b);
        }

        private void flush() {
            if (bytes.size() > 0) {
                appendUtf8(chars, bytes.toByteArray());
                bytes.reset();
            }
        }

        @Override
        public String toString() {
            flush();
            return chars.toString();
        }
    }

    /**
     * Decodes the escape whose backslash ends just before {@code pos}, appends the character to
     * {@code out} and returns the position after the escape. {@code stringStart} is where the
     * string's opening quote is, for errors.
     */
    static int unescape(String s, int pos, char quote, int stringStart, Text out, ErrorFactory errors) {
        if (pos >= s.length()) {
            throw errors.at(stringStart, "escape sequence not terminated");
        }
        char c = s.charAt(pos++);
        int simple = SIMPLE.indexOf(c);
        if (simple >= 0) {
            out.append(SIMPLE_VALUES.charAt(simple));
            return pos;
        }
        int digits;
        int base;
        int max;
        switch (c) {
            case 'x' -> {
                digits = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                digits = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                digits = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            default -> {
                if (c == quote) {
                    out.append(c);
                    return pos;
                }
                if (c < '0' || c > '7') {
                    throw errors.at(stringStart, "unknown escape sequence " + goRune(c));
                }
                // An octal escape: this digit and two more.
                pos--;
                digits = 3;
                base = 8;
                max = 255;
            }
        }
        long value = 0;
        for (int i = 0; i < digits; i++, pos++) {
            if (pos >= s.length()) {
                throw errors.at(stringStart, "escape sequence not terminated");
            }
            int d = Character.digit(s.charAt(pos), 16);
            if (d < 0 || d >= base) {
                throw errors.at(stringStart, "illegal character " + goRune(s.charAt(pos)) + " in escape sequence");
            }
            value = value * base + d;
        }
        if (value > max || (value >= 0xD800 && value < 0xE000)) {
            throw errors.at(stringStart, "escape sequence is an invalid Unicode code point");
        }
        if (max == 255) {
            out.appendByte((int) value);
        } else {
            out.appendCodePoint((int) value);
        }
        return pos;
    }

    /** Decodes UTF-8, turning each byte of an invalid sequence into the surrogate U+DC00 + byte. */
    static void appendUtf8(StringBuilder out, byte[] b) {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(b.length + 1);
        while (in.hasRemaining()) {
            java.nio.charset.CoderResult r = decoder.decode(in, chars, true);
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    chars.put((char) (0xDC00 + (in.get() & 0xff)));
                }
            } else if (r.isUnderflow()) {
                break;
            }
        }
        decoder.flush(chars);
        chars.flip();
        out.append(chars);
    }

    /** A character as Go's {@code %#U} prints it: {@code U+0063 'c'}. */
    private static String goRune(char c) {
        String code = String.format("U+%04X", (int) c);
        return Character.isISOControl(c) ? code : code + " '" + c + "'";
    }
}
