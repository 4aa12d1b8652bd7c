package dev.panoptes.logs.regex;

import dev.panoptes.logs.regex.RegexSyntax.Alternate;
import dev.panoptes.logs.regex.RegexSyntax.Assertion;
import dev.panoptes.logs.regex.RegexSyntax.Capture;
import dev.panoptes.logs.regex.RegexSyntax.CharClass;
import dev.panoptes.logs.regex.RegexSyntax.Concat;
import dev.panoptes.logs.regex.RegexSyntax.Empty;
import dev.panoptes.logs.regex.RegexSyntax.Literal;
import dev.panoptes.logs.regex.RegexSyntax.Node;
import dev.panoptes.logs.regex.RegexSyntax.Repeat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A regular expression's first match and its groups, found by a backtracking search that visits
 * each (instruction, position) pair at most once, so it runs in time linear in the line for a
 * given expression. LogQL's {@code regexp} parser and regex line filters run every line through
 * it. It is written here rather than left to RE2/J for speed: RE2/J's automaton carries every
 * thread's groups along each character and runs a second time to place the groups, and it was
 * most of the cost of a {@code regexp} query. It gives the match RE2 gives (leftmost, and among
 * those the one a backtracking search prefers) for the syntax {@link RegexSyntax} handles;
 * {@link #compile} answers null for anything else, which stays with RE2/J.
 *
 * <p>A line is searched either as a String (positions are chars, a surrogate pair read as one
 * code point) or as UTF-8 bytes viewed one char per byte (positions are bytes). Immutable once
 * compiled; each thread searches through its own {@link Search}.
 */
public final class CapturingRegex {

    /** {@link Search#find}'s answers. */
    public static final int NO_MATCH = 0;
    public static final int MATCH = 1;
    /** The line is too long for the visited set, or its bytes are not UTF-8: ask RE2/J. */
    public static final int UNDECIDED = -1;

    /** The largest visited set, in bits, searched here (as RE2 bounds its own backtracker). */
    private static final int MAX_VISITED_BITS = 256 * 1024;

    private static final byte CLASS = 0;
    private static final byte CHAR = 1;
    private static final byte SPLIT = 2;
    private static final byte JUMP = 3;
    private static final byte SAVE = 4;
    private static final byte BEGIN = 5;
    private static final byte END = 6;
    private static final byte WORD_BOUNDARY = 7;
    private static final byte NOT_WORD_BOUNDARY = 8;
    private static final byte MATCHED = 9;

    private final int groupCount;
    private byte[] ops = new byte[16];
    /** CHAR: the code point; SPLIT and JUMP: the preferred target; SAVE: the slot. */
    private int[] args = new int[16];
    /** SPLIT: the other target. */
    private int[] others = new int[16];
    /** CLASS: the ranges, and the ASCII members as two 64-bit masks. */
    private int[][] classes = new int[16][];
    private long[] asciiLow = new long[16];
    private long[] asciiHigh = new long[16];
    private int size;
    private final boolean anchored;
    /** The literal every match starts with (as a String and as its UTF-8 bytes viewed as Latin-1), or "". */
    private final String prefix;
    private final String prefixBytes;
    /** The ASCII characters a match can start with, when it cannot be empty; null when any may. */
    private final boolean[] firstAscii;
    private final boolean firstNonAscii;
    /**
     * The sets of ASCII characters, two 64-bit masks each, that every match holds at its first
     * offsets: a start position is tried only where the line agrees with all of them, which
     * passes over most positions that {@link #firstAscii} alone would try.
     */
    private final long[] leadLow;
    private final long[] leadHigh;

    private CapturingRegex(Node tree) {
        groupCount = RegexSyntax.countGroups(tree);
        emit(SAVE, 0, 0);
        compile(tree);
        emit(SAVE, 1, 0);
        emit(MATCHED, 0, 0);
        ops = Arrays.copyOf(ops, size);
        Node first = tree instanceof Concat c ? c.items().get(0) : tree;
        anchored = first instanceof Assertion a && a.kind() == Assertion.Kind.BEGIN_TEXT;
        StringBuilder lit = new StringBuilder();
        if (tree instanceof Concat c) {
            for (Node n : c.items()) {
                if (!(n instanceof Literal l)) {
                    break;
                }
                lit.appendCodePoint(l.codePoint());
            }
        } else if (tree instanceof Literal l) {
            lit.appendCodePoint(l.codePoint());
        }
        prefix = lit.toString();
        prefixBytes = new String(prefix.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        if (RegexSyntax.nullable(tree)) {
            firstAscii = null;
            firstNonAscii = true;
        } else {
            firstAscii = new boolean[128];
            firstNonAscii = firstChars(tree, firstAscii);
        }
        Lead lead = lead(tree);
        leadLow = Arrays.copyOf(lead.low(), lead.known());
        leadHigh = Arrays.copyOf(lead.high(), lead.known());
    }

    /** The engine for {@code regex} (which RE2/J accepts), or null when its syntax is not handled here. */
    public static CapturingRegex compile(String regex) {
        Node tree = RegexSyntax.parse(regex);
        return tree == null ? null : new CapturingRegex(tree);
    }

    /** The number of capturing groups. */
    public int groupCount() {
        return groupCount;
    }

    /** A new search's scratch space for this expression. */
    public Search search() {
        return new Search();
    }

    /** One thread's searches with the expression: the visited set, the backtracking stack and the last match's groups. */
    public final class Search {

        private long[] visited = new long[64];
        private int[] stack = new int[64];
        private final int[] caps = new int[2 * (groupCount + 1)];

        private Search() {
        }

        /** Where group {@code g} (0: the whole match) of the last match starts, or -1 when it took no part. */
        public int start(int g) {
            return caps[2 * g];
        }

        /** Where group {@code g} of the last match ends, or -1. */
        public int end(int g) {
            return caps[2 * g + 1];
        }

        /**
         * Searches {@code text[from, to)} for the first match.
         *
         * @param utf8 whether {@code text} views UTF-8 bytes one char per byte (else it is UTF-16)
         * @return {@link CapturingRegex#MATCH} (the groups are then set), {@link CapturingRegex#NO_MATCH} or
         *     {@link CapturingRegex#UNDECIDED}
         */
        public int find(String text, int from, int to, boolean utf8) {
            int n = to - from;
            long bits = (long) size * (n + 1);
            if (bits > MAX_VISITED_BITS) {
                return UNDECIDED;
            }
            int words = (int) ((bits + 63) >>> 6);
            if (visited.length < words) {
                visited = new long[Math.max(words, visited.length * 2)];
            } else {
                Arrays.fill(visited, 0, words, 0L);
            }
            if (anchored) {
                return tryAt(text, from, to, from, utf8);
            }
            String literal = utf8 ? prefixBytes : prefix;
            int pos = from;
            while (pos <= to) {
                if (!literal.isEmpty()) {
                    pos = text.indexOf(literal, pos, to);
                    if (pos < 0) {
                        return NO_MATCH;
                    }
                } else if (leadLow.length > 1) {
                    pos = nextLead(text, pos, to);
                    if (pos < 0) {
                        return NO_MATCH;
                    }
                } else if (firstAscii != null) {
                    while (pos < to) {
                        char c = text.charAt(pos);
                        if (c < 128 ? firstAscii[c] : firstNonAscii && startsCharacter(text, from, pos, utf8)) {
                            break;
                        }
                        pos++;
                    }
                    if (pos == to) {
                        return NO_MATCH;
                    }
                }
                int r = tryAt(text, from, to, pos, utf8);
                if (r != NO_MATCH) {
                    return r;
                }
                if (pos == to) {
                    break;
                }
                pos += width(text, pos, to, utf8);
            }
            return NO_MATCH;
        }

        /** The first position from {@code pos} where the line agrees with every lead set, or -1. */
        private int nextLead(String text, int pos, int to) {
            long[] low = leadLow;
            long[] high = leadHigh;
            int last = to - low.length;
            scan:
            for (; pos <= last; pos++) {
                for (int i = 0; i < low.length; i++) {
                    char c = text.charAt(pos + i);
                    long set = c < 64 ? low[i] : c < 128 ? high[i] : 0L;
                    if ((set & (1L << c)) == 0) {
                        continue scan;
                    }
                }
                return pos;
            }
            return -1;
        }

        /** The backtracking search for a match starting at {@code start}; the visited set carries over between starts. */
        private int tryAt(String text, int from, int to, int start, boolean utf8) {
            Arrays.fill(caps, -1);
            int span = to - from + 1;
            int sp = 0;
            int[] st = stack;
            // A job is (pc, pos); a negative pc is a group slot to restore, ~slot, with its old value.
            st[sp++] = 0;
            st[sp++] = start;
            while (sp > 0) {
                int pos = st[--sp];
                int pc = st[--sp];
                if (pc < 0) {
                    caps[~pc] = pos;
                    continue;
                }
                while (true) {
                    long bit = (long) pc * span + (pos - from);
                    int word = (int) (bit >>> 6);
                    long mask = 1L << bit;
                    if ((visited[word] & mask) != 0) {
                        break;
                    }
                    visited[word] |= mask;
                    byte op = ops[pc];
                    if (op == CLASS || op == CHAR) {
                        if (pos >= to) {
                            break;
                        }
                        int c = text.charAt(pos);
                        int w = 1;
                        if (c >= 0x80) {
                            if (utf8) {
                                int d = decodeUtf8(text, pos, to);
                                if (d < 0) {
                                    return UNDECIDED;
                                }
                                c = d & 0x1FFFFF;
                                w = d >>> 21;
                            } else if (Character.isHighSurrogate((char) c) && pos + 1 < to && Character.isLowSurrogate(text.charAt(pos + 1))) {
                                c = Character.toCodePoint((char) c, text.charAt(pos + 1));
                                w = 2;
                            }
                        }
                        if (op == CHAR ? c != args[pc] : !inClass(pc, c)) {
                            break;
                        }
                        pc++;
                        pos += w;
                    } else if (op == SPLIT) {
                        if (sp + 2 > st.length) {
                            st = stack = Arrays.copyOf(st, st.length * 2);
                        }
                        st[sp++] = others[pc];
                        st[sp++] = pos;
                        pc = args[pc];
                    } else if (op == JUMP) {
                        pc = args[pc];
                    } else if (op == SAVE) {
                        int slot = args[pc];
                        if (sp + 2 > st.length) {
                            st = stack = Arrays.copyOf(st, st.length * 2);
                        }
                        st[sp++] = ~slot;
                        st[sp++] = caps[slot];
                        caps[slot] = pos;
                        pc++;
                    } else if (op == MATCHED) {
                        return MATCH;
                    } else if (assertionHolds(op, text, from, to, pos)) {
                        pc++;
                    } else {
                        break;
                    }
                }
            }
            return NO_MATCH;
        }
    }

    private boolean inClass(int pc, int c) {
        if (c < 64) {
            return (asciiLow[pc] & (1L << c)) != 0;
        }
        if (c < 128) {
            return (asciiHigh[pc] & (1L << c)) != 0;
        }
        int[] r = classes[pc];
        for (int i = 0; i < r.length; i += 2) {
            if (c < r[i]) {
                return false;
            }
            if (c <= r[i + 1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean assertionHolds(byte op, String text, int from, int to, int pos) {
        return switch (op) {
            case BEGIN -> pos == from;
            case END -> pos == to;
            case WORD_BOUNDARY, NOT_WORD_BOUNDARY -> {
                boolean before = pos > from && isWordChar(text.charAt(pos - 1));
                boolean after = pos < to && isWordChar(text.charAt(pos));
                yield (before != after) == (op == WORD_BOUNDARY);
            }
            default -> throw new IllegalStateException("op " + op);
        };
    }

    /** RE2's word characters are ASCII only, so a char of either view decides it alone. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Whether the char at {@code pos} (at least 0x80) begins a character: not a UTF-8 continuation byte, nor the second half of a surrogate pair. */
    private static boolean startsCharacter(String text, int from, int pos, boolean utf8) {
        char c = text.charAt(pos);
        if (utf8) {
            return (c & 0xC0) != 0x80;
        }
        return !(Character.isLowSurrogate(c) && pos > from && Character.isHighSurrogate(text.charAt(pos - 1)));
    }

    /** The width of the character at {@code pos}, as the search steps over start positions. */
    private static int width(String text, int pos, int to, boolean utf8) {
        char c = text.charAt(pos);
        if (c < 0x80) {
            return 1;
        }
        if (utf8) {
            int d = decodeUtf8(text, pos, to);
            return d < 0 ? 1 : d >>> 21;
        }
        return Character.isHighSurrogate(c) && pos + 1 < to && Character.isLowSurrogate(text.charAt(pos + 1)) ? 2 : 1;
    }

    /**
     * The code point of the well-formed UTF-8 sequence at {@code pos} (its lead byte at least
     * 0x80) in the low 21 bits and its length above them, or -1 when it is not well formed.
     */
    static int decodeUtf8(String text, int pos, int to) {
        int b0 = text.charAt(pos);
        int len;
        int cp;
        int min;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            len = 3;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            len = 4;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            return -1;
        }
        if (pos + len > to) {
            return -1;
        }
        for (int i = 1; i < len; i++) {
            int b = text.charAt(pos + i);
            if ((b & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return (len << 21) | cp;
    }

    /**
     * Adds {@code n}'s first characters to {@code ascii} and answers whether a non-ASCII one can
     * be first; {@code n} is not nullable where this is asked.
     */
    private static boolean firstChars(Node n, boolean[] ascii) {
        switch (n) {
            case Literal l -> {
                if (l.codePoint() < 128) {
                    ascii[l.codePoint()] = true;
                    return false;
                }
                return true;
            }
            case CharClass c -> {
                int[] r = c.ranges();
                boolean nonAscii = false;
                for (int i = 0; i < r.length; i += 2) {
                    for (int ch = r[i]; ch <= Math.min(r[i + 1], 127); ch++) {
                        ascii[ch] = true;
                    }
                    nonAscii |= r[i + 1] >= 128;
                }
                return nonAscii;
            }
            case Concat c -> {
                boolean nonAscii = false;
                for (Node item : c.items()) {
                    nonAscii |= firstChars(item, ascii);
                    if (!RegexSyntax.nullable(item)) {
                        break;
                    }
                }
                return nonAscii;
            }
            case Alternate a -> {
                boolean nonAscii = false;
                for (Node alt : a.alternatives()) {
                    nonAscii |= firstChars(alt, ascii);
                }
                return nonAscii;
            }
            case Capture c -> {
                return firstChars(c.body(), ascii);
            }
            case Repeat r -> {
                return firstChars(r.body(), ascii);
            }
            default -> {
                // Assertions and the empty string consume nothing.
                return false;
            }
        }
    }

    /** How many leading offsets the lead sets cover, at most. */
    private static final int MAX_LEAD = 8;

    /**
     * What every match of a node holds at its first {@code known} offsets (ASCII sets as masks),
     * and whether each of its matches is exactly {@code known} characters long, which lets a
     * concatenation go on into the next item.
     */
    private record Lead(long[] low, long[] high, int known, boolean exact) {

        static Lead of(int known, boolean exact) {
            return new Lead(new long[MAX_LEAD], new long[MAX_LEAD], known, exact);
        }
    }

    private static Lead lead(Node n) {
        switch (n) {
            case Literal l -> {
                if (l.codePoint() >= 128) {
                    return Lead.of(0, false);
                }
                Lead lead = Lead.of(1, true);
                add(lead, 0, l.codePoint());
                return lead;
            }
            case CharClass c -> {
                int[] r = c.ranges();
                if (r.length == 0 || r[r.length - 1] >= 128) {
                    return Lead.of(0, false);
                }
                Lead lead = Lead.of(1, true);
                for (int i = 0; i < r.length; i += 2) {
                    for (int ch = r[i]; ch <= r[i + 1]; ch++) {
                        add(lead, 0, ch);
                    }
                }
                return lead;
            }
            case Concat c -> {
                Lead lead = Lead.of(0, true);
                for (Node item : c.items()) {
                    Lead next = lead(item);
                    int known = Math.min(MAX_LEAD, lead.known() + next.known());
                    for (int i = lead.known(); i < known; i++) {
                        lead.low()[i] = next.low()[i - lead.known()];
                        lead.high()[i] = next.high()[i - lead.known()];
                    }
                    boolean exact = next.exact() && lead.known() + next.known() <= MAX_LEAD;
                    lead = new Lead(lead.low(), lead.high(), known, exact);
                    if (!exact) {
                        return lead;
                    }
                }
                return lead;
            }
            case Alternate a -> {
                Lead lead = null;
                for (Node alt : a.alternatives()) {
                    Lead next = lead(alt);
                    if (lead == null) {
                        lead = next;
                        continue;
                    }
                    int known = Math.min(lead.known(), next.known());
                    for (int i = 0; i < known; i++) {
                        lead.low()[i] |= next.low()[i];
                        lead.high()[i] |= next.high()[i];
                    }
                    lead = new Lead(lead.low(), lead.high(), known,
                            lead.exact() && next.exact() && lead.known() == next.known());
                }
                return lead == null ? Lead.of(0, true) : lead;
            }
            case Capture c -> {
                return lead(c.body());
            }
            case Repeat r -> {
                Lead body = lead(r.body());
                if (r.min() == 0) {
                    return Lead.of(0, false);
                }
                return new Lead(body.low(), body.high(), body.known(), body.exact() && r.min() == 1 && r.max() == 1);
            }
            case Assertion a -> {
                return Lead.of(0, true);
            }
            case Empty e -> {
                return Lead.of(0, true);
            }
        }
    }

    private static void add(Lead lead, int offset, int ch) {
        if (ch < 64) {
            lead.low()[offset] |= 1L << ch;
        } else {
            lead.high()[offset] |= 1L << ch;
        }
    }

    private void compile(Node n) {
        switch (n) {
            case Literal l -> emit(CHAR, l.codePoint(), 0);
            case CharClass c -> {
                int pc = emit(CLASS, 0, 0);
                classes[pc] = c.ranges();
                int[] r = c.ranges();
                for (int i = 0; i < r.length; i += 2) {
                    for (int ch = r[i]; ch <= Math.min(r[i + 1], 127); ch++) {
                        if (ch < 64) {
                            asciiLow[pc] |= 1L << ch;
                        } else {
                            asciiHigh[pc] |= 1L << ch;
                        }
                    }
                }
            }
            case Concat c -> c.items().forEach(this::compile);
            case Alternate a -> {
                // Each alternative but the last: SPLIT(this one, the rest), then a jump past the rest.
                int[] jumps = new int[a.alternatives().size() - 1];
                for (int i = 0; i < jumps.length; i++) {
                    int split = emit(SPLIT, 0, 0);
                    args[split] = size;
                    compile(a.alternatives().get(i));
                    jumps[i] = emit(JUMP, 0, 0);
                    others[split] = size;
                }
                compile(a.alternatives().get(jumps.length));
                for (int j : jumps) {
                    args[j] = size;
                }
            }
            case Capture c -> {
                emit(SAVE, 2 * c.index(), 0);
                compile(c.body());
                emit(SAVE, 2 * c.index() + 1, 0);
            }
            case Repeat r -> compileRepeat(r);
            case Assertion a -> emit(switch (a.kind()) {
                case BEGIN_TEXT -> BEGIN;
                case END_TEXT -> END;
                case WORD_BOUNDARY -> WORD_BOUNDARY;
                case NOT_WORD_BOUNDARY -> NOT_WORD_BOUNDARY;
            }, 0, 0);
            case Empty e -> {
            }
        }
    }

    /**
     * {@code x{n,m}} as RE2 expands it: {@code n} copies of {@code x}, then the optional ones nested
     * ({@code (x(x)?)?}), or {@code x*} (for n = 0) or a last {@code x+} when there is no bound.
     */
    private void compileRepeat(Repeat r) {
        int min = r.min();
        int max = r.max();
        if (max < 0) {
            for (int i = 0; i < min - 1; i++) {
                compile(r.body());
            }
            if (min == 0) {
                int split = emit(SPLIT, 0, 0);
                int body = size;
                compile(r.body());
                emit(JUMP, split, 0);
                prefer(split, body, size, r.greedy());
            } else {
                int body = size;
                compile(r.body());
                int split = emit(SPLIT, 0, 0);
                prefer(split, body, size, r.greedy());
            }
            return;
        }
        for (int i = 0; i < min; i++) {
            compile(r.body());
        }
        int optional = max - min;
        int[] splits = new int[optional];
        for (int i = 0; i < optional; i++) {
            splits[i] = emit(SPLIT, 0, 0);
            args[splits[i]] = size;
            compile(r.body());
        }
        for (int split : splits) {
            prefer(split, split + 1, size, r.greedy());
        }
    }

    /** Points {@code split} at {@code take} and {@code skip}, the first tried being the one {@code greedy} prefers. */
    private void prefer(int split, int take, int skip, boolean greedy) {
        args[split] = greedy ? take : skip;
        others[split] = greedy ? skip : take;
    }

    private int emit(byte op, int arg, int other) {
        if (size == ops.length) {
            int n = size * 2;
            ops = Arrays.copyOf(ops, n);
            args = Arrays.copyOf(args, n);
            others = Arrays.copyOf(others, n);
            classes = Arrays.copyOf(classes, n);
            asciiLow = Arrays.copyOf(asciiLow, n);
            asciiHigh = Arrays.copyOf(asciiHigh, n);
        }
        ops[size] = op;
        args[size] = arg;
        others[size] = other;
        return size++;
    }
}
