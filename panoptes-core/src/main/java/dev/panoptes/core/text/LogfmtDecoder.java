package dev.panoptes.core.text;

/**
 * Reads {@code key=value} pairs from a logfmt line one at a time, with the rules and error
 * messages of Loki's decoder: pairs are separated by white space (any character up to
 * {@code ' '}); a key runs up to {@code =} or white space (a bare {@code key} has no value); a
 * value is bare or double-quoted with JSON escapes; a quote in a key or a {@code =} or quote in a
 * bare value is an error, after which the rest of that pair is skipped. Errors read
 * {@code logfmt syntax error at pos P : unexpected '"'}, P counted from 1.
 *
 * <p>The line's characters are copied once into a reused array and read from there, so the
 * per-character loops index a plain array. Shared by LogQL's {@code | logfmt} parser and the
 * logs ingest's level discovery, which reads a pushed line's pairs as the parser would. Reused
 * from line to line; not thread-safe.
 */
public final class LogfmtDecoder {

    private String line;
    /** The line's characters; {@code text[0, n)} is the line. */
    private char[] text = new char[256];
    private int n;
    private int pos;
    private int keyStart;
    private int keyEnd;
    /** The bits of all the characters of the key just read, or-ed: below 128 when it is ASCII. */
    private int keyBits;
    /** The pair's value once made: a plain value is cut from the line only when asked for, so skipped pairs make no String. */
    private String value;
    private int valueFrom;
    private int valueTo;
    private String error;
    private final StringBuilder scratch = new StringBuilder();

    /** Starts on {@code line}, from its first pair. */
    public void reset(String line) {
        this.line = line;
        this.n = line.length();
        if (text.length < n) {
            text = new char[Math.max(n, text.length * 2)];
        }
        line.getChars(0, n, text, 0);
        this.pos = 0;
        this.error = null;
    }

    /** Whether the line has no pair left. */
    public boolean atEnd() {
        return pos >= n;
    }

    /** The last syntax error of this line, or null. */
    public String error() {
        return error;
    }

    /** Where the key just read starts in the line. */
    public int keyStart() {
        return keyStart;
    }

    /** Where the key just read ends in the line, exclusive. */
    public int keyEnd() {
        return keyEnd;
    }

    /** Whether the key just read is all ASCII (so sanitizing maps each character to one). */
    public boolean keyAscii() {
        return keyBits < 128;
    }

    /**
     * Whether the key just read is its own label name: ASCII letters, digits and {@code _}, not
     * led by a digit (sanitizing leaves it as it is); false when there is none.
     */
    public boolean keyPlain() {
        if (keyStart < 0 || keyStart == keyEnd || (text[keyStart] >= '0' && text[keyStart] <= '9')) {
            return false;
        }
        for (int i = keyStart; i < keyEnd; i++) {
            char c = text[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The line being read. */
    public String line() {
        return line;
    }

    /** The line's characters, valid in {@code [0, line().length())} until the next {@link #reset}. */
    public char[] text() {
        return text;
    }

    /** The value of the pair just read; "" when it has none. */
    public String value() {
        if (value == null) {
            value = line.substring(valueFrom, valueTo);
        }
        return value;
    }

    /** Whether the value of the pair just read is {@code line()[valueFrom(), valueTo())} and not yet a String. */
    public boolean valueIsSlice() {
        return value == null;
    }

    /** Where a slice value starts in the line (see {@link #valueIsSlice}). */
    public int valueFrom() {
        return valueFrom;
    }

    /** Where a slice value ends in the line, exclusive. */
    public int valueTo() {
        return valueTo;
    }

    /** Whether the pair just read has an empty value (or none), without making it. */
    public boolean valueIsEmpty() {
        return value == null ? valueFrom == valueTo : value.isEmpty();
    }

    /** Reads the next pair; false when there was none (end of line) or it was malformed. */
    public boolean next() {
        keyStart = keyEnd = -1;
        value = "";
        int n = this.n;
        while (pos < n && text[pos] <= ' ') {
            pos++;
        }
        if (pos >= n) {
            return false;
        }
        int start = pos;
        int bits = 0;
        while (pos < n) {
            char c = text[pos];
            if (c == '=') {
                if (pos == start) {
                    unexpected(c);
                    return skipPair();
                }
                setKey(start, bits);
                return afterEquals();
            }
            if (c == '"') {
                unexpected(c);
                return skipPair();
            }
            if (c <= ' ') {
                setKey(start, bits);
                return true;
            }
            bits |= c;
            pos++;
        }
        setKey(start, bits);
        return true;
    }

    private void setKey(int start, int bits) {
        keyStart = start;
        keyEnd = pos;
        keyBits = bits;
    }

    private boolean afterEquals() {
        int n = this.n;
        pos++;
        if (pos >= n || text[pos] <= ' ') {
            return true;
        }
        if (text[pos] == '"') {
            return quotedValue();
        }
        int start = pos;
        while (pos < n) {
            char c = text[pos];
            if (c == '=' || c == '"') {
                unexpected(c);
                return skipPair();
            }
            if (c <= ' ') {
                break;
            }
            pos++;
        }
        value = null;
        valueFrom = start;
        valueTo = pos;
        return true;
    }

    private boolean quotedValue() {
        int n = this.n;
        int start = pos;
        boolean escaped = false;
        boolean inEscape = false;
        for (int i = pos + 1; i < n; i++) {
            char c = text[i];
            if (inEscape) {
                inEscape = false;
            } else if (c == '\\') {
                escaped = true;
                inEscape = true;
            } else if (c == '"') {
                pos = i + 1;
                if (!escaped) {
                    value = null;
                    valueFrom = start + 1;
                    valueTo = i;
                    return true;
                }
                String unquoted = unquote(start + 1, i);
                if (unquoted == null) {
                    error = syntax(pos, "invalid quoted value");
                    return false;
                }
                value = unquoted;
                return true;
            }
        }
        pos = n;
        error = syntax(pos, "unterminated quoted value");
        return false;
    }

    private String unquote(int from, int to) {
        scratch.setLength(0);
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (c != '\\') {
                scratch.append(c);
                continue;
            }
            char e = text[++i];
            switch (e) {
                case '"', '\\', '/', '\'' -> scratch.append(e);
                case 'b' -> scratch.append('\b');
                case 'f' -> scratch.append('\f');
                case 'n' -> scratch.append('\n');
                case 'r' -> scratch.append('\r');
                case 't' -> scratch.append('\t');
                case 'u' -> {
                    if (i + 4 >= to) {
                        return null;
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int d = Character.digit(text[i + k], 16);
                        if (d < 0) {
                            return null;
                        }
                        code = code * 16 + d;
                    }
                    scratch.append((char) code);
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return scratch.toString();
    }

    private boolean skipPair() {
        while (pos < n && text[pos] > ' ') {
            pos++;
        }
        return false;
    }

    private void unexpected(char c) {
        error = syntax(pos + 1, "unexpected '" + (c == '\'' ? "\\'" : String.valueOf(c)) + "'");
    }

    private static String syntax(int position, String message) {
        return "logfmt syntax error at pos " + position + " : " + message;
    }
}
