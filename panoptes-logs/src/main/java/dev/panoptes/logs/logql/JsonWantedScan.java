package dev.panoptes.logs.logql;

import java.util.Arrays;

/**
 * The fast pass of a hinted {@code | json} ({@link ParserHints}): one walk over the line's
 * characters, copied into a reused array, that finds the members whose flattened label names are
 * among the few wanted, without making a String or interning a name, and records where their
 * values are. It handles the usual shape of a log line: keys of printable ASCII without escapes,
 * objects no deeper than {@link JsonLineReader#MAX_DEPTH}, no syntax fault. On anything else (an
 * escaped, empty, blank or non-ASCII key, or any fault) it answers false and records nothing the
 * caller may use; the caller then runs the general reader, which names every case and gives
 * Loki's error messages. So for a line it accepts, the hits are exactly the members the general
 * reader would set, in the same order: the same structure checks (including Loki's leniencies: a
 * trailing comma, text after the object, a number that runs to the next delimiter, arrays matched
 * by bracket count) are made here, only without messages.
 *
 * <p>Reused from line to line; not thread-safe.
 */
final class JsonWantedScan {

    static final byte STRING = 0;
    static final byte NUMBER = 1;
    static final byte TRUE = 2;
    static final byte FALSE = 3;

    /** The wanted label names' characters, by index into the hints' keys. */
    private final char[][] wanted;
    /** Bit {@code n} set when some wanted name is {@code n} characters long (names up to 63). */
    private final long wantedLengths;
    private char[] text = new char[256];
    private int length;
    /** The flattened name of the member being read, {@code _} between levels, sanitized. */
    private char[] name = new char[64];
    private int nameLength;
    /** The current member's key, {@code text[keyFrom, keyTo)}. */
    private int keyFrom;
    private int keyTo;

    private int[] hitKey = new int[8];
    private byte[] hitKind = new byte[8];
    private int[] hitFrom = new int[8];
    private int[] hitTo = new int[8];
    private boolean[] hitEscaped = new boolean[8];
    private int hits;
    /** The wanted names whose finding lets a scan stop early, one bit each; 0 when none does. */
    private final long required;
    /** Per scan: whether to stop once every required name was met, which names were, and whether it stopped. */
    private boolean stopEarly;
    private long seen;
    private boolean stopped;

    JsonWantedScan(String[] wantedNames) {
        this(wantedNames, 0);
    }

    /**
     * @param required the wanted names (bits by index) after which a scan asked to
     *     ({@link #scan(String, int, int, boolean)}) stops: what Loki's hinted parser needs
     */
    JsonWantedScan(String[] wantedNames, long required) {
        this.required = required;
        wanted = new char[wantedNames.length][];
        long lengths = 0;
        for (int i = 0; i < wantedNames.length; i++) {
            wanted[i] = wantedNames[i].toCharArray();
            lengths |= wanted[i].length < 64 ? 1L << wanted[i].length : 0;
        }
        wantedLengths = lengths;
    }

    /**
     * Reads {@code line}; true when it is in the shape described above, with {@link #hits()}
     * members found, false when the general reader must read it.
     */
    boolean scan(String line) {
        return scan(line, 0, line.length());
    }

    /**
     * As {@link #scan(String)} for the line {@code source[from, to)}; hit offsets are from
     * {@code from}. The source may be a stored line's UTF-8 bytes viewed as Latin-1: the shape
     * accepted has ASCII keys and structure, bytes beyond ASCII only inside string values, so
     * it reads the same, and a hit's bytes are its value's UTF-8.
     */
    boolean scan(String source, int from, int to) {
        return scan(source, from, to, false);
    }

    /**
     * As {@link #scan(String, int, int)}; with {@code stopEarly}, the walk ends at the member
     * that completes the required names ({@link #stoppedEarly()}), and what follows it, fault or
     * not, is not looked at.
     */
    boolean scan(String source, int from, int to, boolean stopEarly) {
        this.stopEarly = stopEarly && required != 0;
        this.seen = 0;
        this.stopped = false;
        int n = to - from;
        if (text.length < n) {
            text = new char[Math.max(n, text.length * 2)];
        }
        source.getChars(from, to, text, 0);
        length = n;
        hits = 0;
        nameLength = 0;
        int p = skipSpace(0);
        return p < n && text[p] == '{' && object(p, 0) >= 0;
    }

    int hits() {
        return hits;
    }

    /** Whether the last scan stopped at the member that completed the required names. */
    boolean stoppedEarly() {
        return stopped;
    }

    /** The index, among the wanted names, of hit {@code i}'s label name. */
    int key(int i) {
        return hitKey[i];
    }

    /** {@link #STRING}, {@link #NUMBER}, {@link #TRUE} or {@link #FALSE}. */
    byte kind(int i) {
        return hitKind[i];
    }

    /** Where hit {@code i}'s value starts in the line: a string's body, without quotes; a number's text. */
    int from(int i) {
        return hitFrom[i];
    }

    int to(int i) {
        return hitTo[i];
    }

    /** Whether hit {@code i}'s string value holds a backslash escape. */
    boolean escaped(int i) {
        return hitEscaped[i];
    }

    /** At the {@code {} of an object at {@code depth}: the index after its {@code }}, or -1. */
    private int object(int p, int depth) {
        if (depth > JsonLineReader.MAX_DEPTH) {
            return -1;
        }
        char[] t = text;
        int n = length;
        p = skipSpace(p + 1);
        if (p >= n) {
            return -1;
        }
        if (t[p] == '}') {
            return p + 1;
        }
        int prefix = nameLength;
        while (true) {
            if (t[p] != '"') {
                return -1;
            }
            p = readKey(p + 1);
            if (p < 0) {
                return -1;
            }
            p = skipSpace(p);
            if (p >= n || t[p] != ':') {
                return -1;
            }
            p = skipSpace(p + 1);
            if (p >= n) {
                return -1;
            }
            p = value(p, depth, prefix);
            if (p < 0) {
                return -1;
            }
            if (stopped) {
                return p;
            }
            nameLength = prefix;
            p = skipSpace(p);
            if (p >= n) {
                return -1;
            }
            char c = t[p];
            if (c == '}') {
                return p + 1;
            }
            if (c != ',') {
                return -1;
            }
            p = skipSpace(p + 1);
            if (p >= n) {
                return -1;
            }
            if (t[p] == '}') {
                return p + 1;
            }
        }
    }

    /**
     * Passes over the key whose body starts at {@code p}, noting where it is: the index after its
     * closing quote, or -1 for a key this pass does not handle. Its name is built only when
     * needed ({@link #appendKey}): most keys of a line are neither wanted nor objects.
     */
    private int readKey(int p) {
        char[] t = text;
        int n = length;
        int i = p;
        while (i < n) {
            char c = t[i];
            // Escapes, white space (trimmed by the general path) and non-ASCII (surrogates) go the general way.
            if (c <= ' ' || c >= 128 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        if (i == p || i >= n || t[i] != '"') {
            return -1;
        }
        keyFrom = p;
        keyTo = i;
        return i + 1;
    }

    /**
     * The length of the current member's flattened name, {@code prefix} characters being its
     * parent's: sanitizing maps each of this pass's key characters to one, puts {@code _} between
     * levels and before a leading digit.
     */
    private int nameLengthWithKey(int prefix) {
        return prefix + keyTo - keyFrom + (prefix > 0 || text[keyFrom] <= '9' && text[keyFrom] >= '0' ? 1 : 0);
    }

    /** Builds the current member's name after the {@code prefix} characters of its parent's. */
    private void appendKey(int prefix) {
        char[] t = text;
        int needed = nameLengthWithKey(prefix);
        if (name.length < needed) {
            name = Arrays.copyOf(name, Math.max(name.length * 2, needed));
        }
        char[] out = name;
        int at = prefix;
        if (at > 0 || (t[keyFrom] >= '0' && t[keyFrom] <= '9')) {
            out[at++] = '_';
        }
        for (int i = keyFrom; i < keyTo; i++) {
            char c = t[i];
            out[at++] = LabelNames.isNameChar(c) ? c : '_';
        }
        nameLength = at;
    }

    /** At a member's value, {@code prefix} being its parent's name length: records it when its name is wanted; the index after it, or -1. */
    private int value(int p, int depth, int prefix) {
        char[] t = text;
        char c = t[p];
        switch (c) {
            case '"' -> {
                int n = length;
                int i = p + 1;
                boolean escaped = false;
                while (true) {
                    while (i < n && t[i] != '"' && t[i] != '\\') {
                        i++;
                    }
                    if (i >= n) {
                        return -1;
                    }
                    if (t[i] == '"') {
                        break;
                    }
                    escaped = true;
                    i += 2;
                }
                record(prefix, STRING, p + 1, i, escaped);
                return i + 1;
            }
            case '{' -> {
                appendKey(prefix);
                return object(p, depth + 1);
            }
            case '[' -> {
                return skipBlock(p);
            }
            case 't' -> {
                int e = scalarEnd(p);
                if (e - p != 4 || t[p + 1] != 'r' || t[p + 2] != 'u' || t[p + 3] != 'e') {
                    return -1;
                }
                record(prefix, TRUE, p, e, false);
                return e;
            }
            case 'f' -> {
                int e = scalarEnd(p);
                if (e - p != 5 || t[p + 1] != 'a' || t[p + 2] != 'l' || t[p + 3] != 's' || t[p + 4] != 'e') {
                    return -1;
                }
                record(prefix, FALSE, p, e, false);
                return e;
            }
            case 'n' -> {
                int e = scalarEnd(p);
                return e - p == 4 && t[p + 1] == 'u' && t[p + 2] == 'l' && t[p + 3] == 'l' ? e : -1;
            }
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    return -1;
                }
                int e = scalarEnd(p);
                record(prefix, NUMBER, p, e, false);
                return e;
            }
        }
    }

    private void record(int prefix, byte kind, int from, int to, boolean escaped) {
        int len = nameLengthWithKey(prefix);
        if (len < 64 && (wantedLengths & (1L << len)) == 0) {
            return;
        }
        appendKey(prefix);
        int key = -1;
        for (int k = 0; k < wanted.length; k++) {
            char[] w = wanted[k];
            if (w.length == len && Arrays.equals(w, 0, len, name, 0, len)) {
                key = k;
                break;
            }
        }
        if (key < 0) {
            return;
        }
        if (hits == hitKey.length) {
            int size = hits * 2;
            hitKey = Arrays.copyOf(hitKey, size);
            hitKind = Arrays.copyOf(hitKind, size);
            hitFrom = Arrays.copyOf(hitFrom, size);
            hitTo = Arrays.copyOf(hitTo, size);
            hitEscaped = Arrays.copyOf(hitEscaped, size);
        }
        if (stopEarly) {
            seen |= 1L << key;
            stopped = (seen & required) == required;
        }
        hitKey[hits] = key;
        hitKind[hits] = kind;
        hitFrom[hits] = from;
        hitTo[hits] = to;
        hitEscaped[hits++] = escaped;
    }

    /** As the general reader's block skip: brackets of either kind counted, strings passed over; -1 when unclosed. */
    private int skipBlock(int p) {
        char[] t = text;
        int n = length;
        int depth = 0;
        while (p < n) {
            char c = t[p];
            if (c == '"') {
                p++;
                while (p < n && t[p] != '"') {
                    p += t[p] == '\\' ? 2 : 1;
                }
                if (p >= n) {
                    return -1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return p + 1;
            }
            p++;
        }
        return -1;
    }

    private int scalarEnd(int p) {
        char[] t = text;
        int n = length;
        while (p < n) {
            char c = t[p];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            p++;
        }
        return p;
    }

    private int skipSpace(int p) {
        char[] t = text;
        int n = length;
        while (p < n) {
            char c = t[p];
            // One comparison for the usual character, which is above every JSON white space.
            if (c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r')) {
                break;
            }
            p++;
        }
        return p;
    }
}
