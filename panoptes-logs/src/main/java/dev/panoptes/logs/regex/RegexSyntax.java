package dev.panoptes.logs.regex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tree of a regular expression in the part of RE2's syntax that {@link CapturingRegex} runs:
 * literals, {@code .}, character classes (ranges, negation, {@code \d \w \s} and their negations),
 * groups (capturing, named and non-capturing), alternation, the repetitions {@code * + ? {n,m}}
 * greedy or lazy, and the assertions {@code ^ $ \A \z \b \B} with RE2's default flags ({@code ^}
 * and {@code $} at the text's ends only, {@code .} not matching a newline, negated classes
 * matching it), and case folding when the expression starts with {@code (?i)} where only ASCII
 * letters are folded (RE2 folds {@code k} with the Kelvin sign and {@code s} with the long s, and
 * so does this; a folded expression with other non-ASCII characters is left to RE2/J).
 *
 * <p>{@link #parse} is given only expressions RE2/J has already accepted, and answers null for
 * anything outside that part (flags, Unicode classes, POSIX classes, {@code \x}, {@code \Q},
 * large counted repetitions, repetitions of what can match empty): such expressions keep running
 * on RE2/J. Capturing groups are numbered by their opening parenthesis, as RE2/J numbers them.
 */
final class RegexSyntax {

    static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;
    /** The largest count in {@code {n,m}} expanded here; bigger ones stay with RE2/J. */
    private static final int MAX_COUNT = 100;

    /** A node of the tree. */
    sealed interface Node {
    }

    /** One code point. */
    record Literal(int codePoint) implements Node {
    }

    /** A set of code points as sorted, disjoint, non-adjacent inclusive ranges {@code lo0, hi0, lo1, hi1, ...}. */
    record CharClass(int[] ranges) implements Node {
    }

    /** The nodes in order. */
    record Concat(List<Node> items) implements Node {
    }

    /** The first alternative that lets the whole expression match wins. */
    record Alternate(List<Node> alternatives) implements Node {
    }

    /** A capturing group; {@code index} counts from 1. */
    record Capture(int index, Node body) implements Node {
    }

    /** {@code body} between {@code min} and {@code max} times ({@code max} -1: no bound). */
    record Repeat(Node body, int min, int max, boolean greedy) implements Node {
    }

    /** A zero-width assertion. */
    record Assertion(Kind kind) implements Node {
        enum Kind { BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NOT_WORD_BOUNDARY }
    }

    /** Matches the empty string. */
    record Empty() implements Node {
    }

    /** Thrown inside the parser for syntax outside the part handled here. */
    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private final String text;
    private int at;
    private int groups;
    /** Whether the expression began with {@code (?i)}. */
    private boolean fold;

    private RegexSyntax(String text) {
        this.text = text;
    }

    /** The tree of {@code regex}, or null when it uses syntax outside the part handled here. */
    static Node parse(String regex) {
        RegexSyntax p = new RegexSyntax(regex);
        if (regex.startsWith("(?i)")) {
            p.fold = true;
            p.at = 4;
        }
        try {
            Node n = p.alternation();
            return p.at == regex.length() ? n : null;
        } catch (Unsupported | RuntimeException e) {
            // RuntimeException: an expression RE2/J accepted but this parser reads differently
            // (it should not happen); RE2/J then runs it.
            return null;
        }
    }

    /** The highest capturing group's index in {@code n}: its number of groups. */
    static int countGroups(Node n) {
        return switch (n) {
            case Capture c -> Math.max(c.index(), countGroups(c.body()));
            case Concat c -> c.items().stream().mapToInt(RegexSyntax::countGroups).max().orElse(0);
            case Alternate a -> a.alternatives().stream().mapToInt(RegexSyntax::countGroups).max().orElse(0);
            case Repeat r -> countGroups(r.body());
            default -> 0;
        };
    }

    /** Whether {@code n} can match the empty string. */
    static boolean nullable(Node n) {
        return switch (n) {
            case Literal l -> false;
            case CharClass c -> false;
            case Concat c -> c.items().stream().allMatch(RegexSyntax::nullable);
            case Alternate a -> a.alternatives().stream().anyMatch(RegexSyntax::nullable);
            case Capture c -> nullable(c.body());
            case Repeat r -> r.min() == 0 || nullable(r.body());
            case Assertion a -> true;
            case Empty e -> true;
        };
    }

    private Node alternation() throws Unsupported {
        List<Node> alternatives = new ArrayList<>();
        alternatives.add(concatenation());
        while (at < text.length() && text.charAt(at) == '|') {
            at++;
            alternatives.add(concatenation());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new Alternate(alternatives);
    }

    private Node concatenation() throws Unsupported {
        List<Node> items = new ArrayList<>();
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '|' || c == ')') {
                break;
            }
            Node atom = atom();
            items.add(repetitions(atom));
        }
        return switch (items.size()) {
            case 0 -> new Empty();
            case 1 -> items.get(0);
            default -> new Concat(items);
        };
    }

    private Node repetitions(Node atom) throws Unsupported {
        Node n = atom;
        while (at < text.length()) {
            char c = text.charAt(at);
            int min;
            int max;
            if (c == '*') {
                min = 0;
                max = -1;
                at++;
            } else if (c == '+') {
                min = 1;
                max = -1;
                at++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                at++;
            } else if (c == '{') {
                int[] counts = counts();
                min = counts[0];
                max = counts[1];
            } else {
                break;
            }
            boolean greedy = true;
            if (at < text.length() && text.charAt(at) == '?') {
                greedy = false;
                at++;
            }
            if (n instanceof Repeat || n instanceof Assertion || (max != 1 && nullable(n))) {
                // RE2 rewrites nested and empty-matching loops in ways this engine does not mirror.
                throw new Unsupported();
            }
            n = new Repeat(n, min, max, greedy);
        }
        return n;
    }

    /** {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}; anything else (RE2 reads it as a literal brace) is not handled. */
    private int[] counts() throws Unsupported {
        int close = text.indexOf('}', at);
        if (close < 0) {
            throw new Unsupported();
        }
        String inside = text.substring(at + 1, close);
        int comma = inside.indexOf(',');
        try {
            int min = Integer.parseInt(comma < 0 ? inside : inside.substring(0, comma));
            int max = comma < 0 ? min : comma == inside.length() - 1 ? -1 : Integer.parseInt(inside.substring(comma + 1));
            if (min < 0 || min > MAX_COUNT || max > MAX_COUNT || (max >= 0 && max < min)
                    || !inside.chars().allMatch(ch -> ch == ',' || (ch >= '0' && ch <= '9'))) {
                throw new Unsupported();
            }
            at = close + 1;
            return new int[] {min, max};
        } catch (NumberFormatException e) {
            throw new Unsupported();
        }
    }

    private Node atom() throws Unsupported {
        int c = text.codePointAt(at);
        switch (c) {
            case '(' -> {
                return group();
            }
            case '[' -> {
                at++;
                return charClass();
            }
            case '.' -> {
                at++;
                return new CharClass(new int[] {0, '\n' - 1, '\n' + 1, MAX_CODE_POINT});
            }
            case '^' -> {
                at++;
                return new Assertion(Assertion.Kind.BEGIN_TEXT);
            }
            case '$' -> {
                at++;
                return new Assertion(Assertion.Kind.END_TEXT);
            }
            case '\\' -> {
                return escape();
            }
            case '*', '+', '?', '{' -> throw new Unsupported();
            default -> {
                at += Character.charCount(c);
                return literal(c);
            }
        }
    }

    private Node group() throws Unsupported {
        at++;
        int index = 0;
        if (text.startsWith("?P<", at) || text.startsWith("?<", at)) {
            int close = text.indexOf('>', at);
            if (close < 0) {
                throw new Unsupported();
            }
            at = close + 1;
            index = ++groups;
        } else if (text.startsWith("?:", at)) {
            at += 2;
        } else if (at < text.length() && text.charAt(at) == '?') {
            throw new Unsupported();
        } else {
            index = ++groups;
        }
        Node body = alternation();
        if (at >= text.length() || text.charAt(at) != ')') {
            throw new Unsupported();
        }
        at++;
        return index > 0 ? new Capture(index, body) : body;
    }

    private Node escape() throws Unsupported {
        if (at + 1 >= text.length()) {
            throw new Unsupported();
        }
        char c = text.charAt(at + 1);
        Node n = switch (c) {
            case 'b' -> new Assertion(Assertion.Kind.WORD_BOUNDARY);
            case 'B' -> new Assertion(Assertion.Kind.NOT_WORD_BOUNDARY);
            case 'A' -> new Assertion(Assertion.Kind.BEGIN_TEXT);
            case 'z' -> new Assertion(Assertion.Kind.END_TEXT);
            default -> {
                int[] perl = perlClass(c);
                yield perl != null ? new CharClass(perl) : literal(escapedLiteral(c));
            }
        };
        at += 2;
        return n;
    }

    /** {@code c} as a node: a literal, or under case folding the class of its cases. */
    private Node literal(int c) throws Unsupported {
        if (!fold || !isAsciiLetter(c)) {
            if (fold && c >= 0x80) {
                throw new Unsupported();
            }
            return new Literal(c);
        }
        return new CharClass(folded(new int[] {c, c}));
    }

    /**
     * The ranges of {@code \d \D \w \W \s \S}, or null for another letter; under case
     * folding the positive class is folded before a negation, as RE2 does.
     */
    private int[] perlClass(char c) throws Unsupported {
        int[] positive = switch (c) {
            case 'd', 'D' -> new int[] {'0', '9'};
            case 'w', 'W' -> WORD;
            case 's', 'S' -> SPACE;
            default -> null;
        };
        if (positive == null) {
            return null;
        }
        int[] ranges = fold ? folded(positive) : positive.clone();
        return Character.isUpperCase(c) ? negate(ranges) : ranges;
    }

    /**
     * {@code ranges} with every case of their ASCII letters: the other ASCII case, and the
     * Kelvin sign for {@code k} and the long s for {@code s}, which fold to them. Ranges reaching
     * past ASCII are not folded here.
     */
    private static int[] folded(int[] ranges) throws Unsupported {
        List<int[]> parts = new ArrayList<>();
        parts.add(ranges);
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i + 1] >= 0x80) {
                throw new Unsupported();
            }
            for (int ch = ranges[i]; ch <= ranges[i + 1]; ch++) {
                if (isAsciiLetter(ch)) {
                    int other = ch ^ 0x20;
                    parts.add(new int[] {other, other});
                    int lower = ch | 0x20;
                    if (lower == 'k') {
                        parts.add(new int[] {0x212A, 0x212A});
                    } else if (lower == 's') {
                        parts.add(new int[] {0x017F, 0x017F});
                    }
                }
            }
        }
        return union(parts);
    }

    private static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
    private static final int[] SPACE = {'\t', '\n', '\f', '\r', ' ', ' '};

    /** The code point of an escape that stands for one character; other escapes are not handled. */
    private static int escapedLiteral(char c) throws Unsupported {
        return switch (c) {
            case 'a' -> 7;
            case 'f' -> '\f';
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'v' -> 0x0B;
            default -> {
                if (c < 0x80 && !Character.isLetterOrDigit(c) && c != '_') {
                    yield c;
                }
                throw new Unsupported();
            }
        };
    }

    private Node charClass() throws Unsupported {
        boolean negated = false;
        if (at < text.length() && text.charAt(at) == '^') {
            negated = true;
            at++;
        }
        List<int[]> parts = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (at >= text.length()) {
                throw new Unsupported();
            }
            int c = text.codePointAt(at);
            if (c == ']' && !first) {
                at++;
                break;
            }
            first = false;
            if (c == '[' && text.startsWith("[:", at)) {
                throw new Unsupported();
            }
            if (c == '\\') {
                if (at + 1 >= text.length()) {
                    throw new Unsupported();
                }
                int[] perl = perlClass(text.charAt(at + 1));
                if (perl != null) {
                    parts.add(perl);
                    at += 2;
                    continue;
                }
            }
            int lo = classChar();
            int hi = lo;
            if (at + 1 < text.length() && text.charAt(at) == '-' && text.charAt(at + 1) != ']') {
                at++;
                hi = classChar();
                if (hi < lo) {
                    throw new Unsupported();
                }
            }
            parts.add(fold ? folded(new int[] {lo, hi}) : new int[] {lo, hi});
        }
        int[] ranges = union(parts);
        return new CharClass(negated ? negate(ranges) : ranges);
    }

    private int classChar() throws Unsupported {
        int c = text.codePointAt(at);
        if (c == '\\') {
            if (at + 1 >= text.length()) {
                throw new Unsupported();
            }
            int lit = escapedLiteral(text.charAt(at + 1));
            at += 2;
            return lit;
        }
        at += Character.charCount(c);
        return c;
    }

    /** The union of range lists, sorted and merged. */
    static int[] union(List<int[]> parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length / 2;
        }
        long[] pairs = new long[n];
        int k = 0;
        for (int[] p : parts) {
            for (int i = 0; i < p.length; i += 2) {
                pairs[k++] = ((long) p[i] << 32) | p[i + 1];
            }
        }
        Arrays.sort(pairs);
        int[] out = new int[2 * n];
        int size = 0;
        for (long pair : pairs) {
            int lo = (int) (pair >>> 32);
            int hi = (int) pair;
            if (size > 0 && lo <= out[size - 1] + 1) {
                out[size - 1] = Math.max(out[size - 1], hi);
            } else {
                out[size++] = lo;
                out[size++] = hi;
            }
        }
        return Arrays.copyOf(out, size);
    }

    /** Every code point not in {@code ranges} (sorted and merged). */
    static int[] negate(int[] ranges) {
        int[] out = new int[ranges.length + 2];
        int size = 0;
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out[size++] = next;
                out[size++] = ranges[i] - 1;
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX_CODE_POINT) {
            out[size++] = next;
            out[size++] = MAX_CODE_POINT;
        }
        return Arrays.copyOf(out, size);
    }
}
