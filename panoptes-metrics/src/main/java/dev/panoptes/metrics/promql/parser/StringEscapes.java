package dev.panoptes.metrics.promql.parser;

/** Go-style escape sequences in PromQL's double- and single-quoted strings. */
final class StringEscapes {

    interface ErrorFactory {
        ParseException at(int position, String detail);
    }

    private StringEscapes() {
    }

    /**
     * Decodes the escape whose backslash ends just before {@code pos}, appends the character to
     * {@code out} and returns the position after the escape.
     */
    static int unescape(String s, int pos, char quote, StringBuilder out, ErrorFactory errors) {
        if (pos >= s.length()) {
            throw errors.at(pos, "unterminated quoted string " + quote);
        }
        char c = s.charAt(pos++);
        switch (c) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case '\\' -> out.append('\\');
            case 'x' -> {
                out.append((char) hex(s, pos, 2, errors));
                pos += 2;
            }
            case 'u' -> {
                out.appendCodePoint(hex(s, pos, 4, errors));
                pos += 4;
            }
            case 'U' -> {
                out.appendCodePoint(hex(s, pos, 8, errors));
                pos += 8;
            }
            default -> {
                if (c == quote) {
                    out.append(c);
                } else if (c >= '0' && c <= '7') {
                    if (pos + 2 > s.length()) {
                        throw errors.at(pos, "unknown escape sequence");
                    }
                    int v = 0;
                    for (int i = pos - 1; i < pos + 2; i++) {
                        char d = s.charAt(i);
                        if (d < '0' || d > '7') {
                            throw errors.at(i, "unknown escape sequence");
                        }
                        v = v * 8 + (d - '0');
                    }
                    if (v > 255) {
                        throw errors.at(pos - 1, "octal escape value > 255: " + v);
                    }
                    out.append((char) v);
                    pos += 2;
                } else {
                    throw errors.at(pos - 1, "unknown escape sequence " + quoteChar(c));
                }
            }
        }
        return pos;
    }

    private static String quoteChar(char c) {
        return "U+" + String.format("%04X", (int) c);
    }

    private static int hex(String s, int pos, int digits, ErrorFactory errors) {
        if (pos + digits > s.length()) {
            throw errors.at(pos, "unknown escape sequence");
        }
        int v = 0;
        for (int i = pos; i < pos + digits; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                throw errors.at(i, "unknown escape sequence");
            }
            v = v * 16 + d;
        }
        if (!Character.isValidCodePoint(v)) {
            throw errors.at(pos, "escape sequence is invalid Unicode code point");
        }
        return v;
    }
}
