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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The strings, one of which every match of a regular expression contains: a line holding none of
 * them cannot match, so a search over many lines looks for these strings first (with the JVM's
 * vectorised {@link String#indexOf(int, int)}) and runs the expression only on lines that hold
 * one. When the expression is nothing but a finite set of strings ({@code (?i)error|warn(ing)?}),
 * holding one of them is the match itself and the expression need not run at all.
 *
 * <p>The strings are UTF-8 bytes, one char per byte, as a chunk's payload is searched; an ASCII
 * letter under case folding is one unit that matches either case. RE2 folds {@code k} with the
 * Kelvin sign and {@code s} with the long s, so a folded {@code k} or {@code s} stays a set of
 * three alternatives and those bytes are searched too. Each node of the expression's tree yields
 * either its exact set of strings (kept while small) or a set of strings one of which every match
 * of it contains; a concatenation keeps the best of its items' sets.
 *
 * <p>Immutable; {@link #scan} keeps a pass's positions.
 */
public final class RequiredText {

    /** Exact sets larger than this become required sets; required sets larger than it are dropped. */
    private static final int MAX_STRINGS = 16;
    /** A unit above the byte range: an ASCII letter in either case, stored as {@code FOLDED | lowercase}. */
    private static final char FOLDED = 0x100;
    private static final int REPLACEMENT = 0xFFFD;

    private final Needle[] needles;
    private final boolean decides;

    private RequiredText(List<String> strings, boolean decides) {
        needles = new Needle[strings.size()];
        for (int i = 0; i < needles.length; i++) {
            needles[i] = new Needle(strings.get(i));
        }
        this.decides = decides;
    }

    /**
     * The strings every match of {@code regex} contains, or null when there are none worth
     * searching for or the syntax is outside {@link RegexSyntax}'s part.
     */
    public static RequiredText of(String regex) {
        Node tree = RegexSyntax.parse(regex);
        if (tree == null) {
            return null;
        }
        Info info = info(tree);
        Set<String> exact = info.exact();
        if (exact != null && info.pure() && usable(exact)) {
            return new RequiredText(List.copyOf(exact), true);
        }
        Set<String> required = info.necessary();
        return usable(required) && !common(required) ? new RequiredText(List.copyOf(required), false) : null;
    }

    /** Whether a line holding one of the strings matches the expression, so it need not run. */
    public boolean decidesMatch() {
        return decides;
    }

    /**
     * The strings as Java Strings, when none folds case: a text that holds none of them cannot
     * match, which a filter of the substrings in a chunk can answer. Null when one folds case.
     */
    public List<String> exactStrings() {
        List<String> out = new ArrayList<>(needles.length);
        for (Needle n : needles) {
            for (char u : n.units) {
                if (u >= FOLDED) {
                    return null;
                }
            }
            // Needles are whole code points' UTF-8 bytes, so they decode back exactly.
            out.add(new String(new String(n.units).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The strings as Java Strings with each folded letter in lower case, for a test that takes
     * every ASCII letter in either case: a text that holds none of them, in any case, cannot match. Weaker
     * than {@link #exactStrings} where some letters keep their case ({@code [Ee]rror}).
     */
    public List<String> stringsIgnoringCase() {
        List<String> out = new ArrayList<>(needles.length);
        for (Needle n : needles) {
            byte[] bytes = new byte[n.units.length];
            for (int k = 0; k < bytes.length; k++) {
                char u = n.units[k];
                bytes[k] = (byte) (u >= FOLDED ? u - FOLDED : u);
            }
            out.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A pass over one text, asked about regions in increasing order. */
    public Scan scan() {
        return new Scan();
    }

    /** The state of a pass: per string, where it next occurs, and per search character, where that next occurs. */
    public final class Scan {

        private final int[] next = new int[needles.length];
        private final int[] lower = new int[needles.length];
        private final int[] upper = new int[needles.length];
        private String text;

        private Scan() {
        }

        /** Starts a pass over {@code text} (UTF-8 bytes, one char per byte). */
        public void begin(String text) {
            this.text = text;
            Arrays.fill(next, -1);
            Arrays.fill(lower, -1);
            Arrays.fill(upper, -1);
        }

        /**
         * Whether one of the strings lies wholly inside {@code [from, to)} of the text; a call's
         * {@code from} must not be smaller than the previous call's.
         */
        public boolean occursIn(int from, int to) {
            for (int i = 0; i < needles.length; i++) {
                int at = next[i];
                if (at < from) {
                    at = find(i, from);
                    next[i] = at;
                }
                if (at <= to - needles[i].units.length) {
                    return true;
                }
            }
            return false;
        }

        /** Whether one of the strings occurs anywhere from {@code from} on. */
        public boolean occursFrom(int from) {
            return occursIn(from, text.length());
        }

        /** The first occurrence of string {@code i} at or after {@code from}, or {@link Integer#MAX_VALUE}. */
        private int find(int i, int from) {
            Needle n = needles[i];
            int p = from + n.anchor;
            while (true) {
                int lo = lower[i];
                if (lo < p) {
                    lo = indexOf(n.anchorLower, p);
                    lower[i] = lo;
                }
                int hi = lo;
                if (n.anchorUpper != n.anchorLower) {
                    hi = upper[i];
                    if (hi < p) {
                        hi = indexOf(n.anchorUpper, p);
                        upper[i] = hi;
                    }
                }
                int candidate = Math.min(lo, hi);
                if (candidate == Integer.MAX_VALUE) {
                    return Integer.MAX_VALUE;
                }
                int start = candidate - n.anchor;
                if (n.matchesAt(text, start)) {
                    return start;
                }
                p = candidate + 1;
            }
        }

        private int indexOf(char c, int from) {
            int at = text.indexOf(c, from);
            return at < 0 ? Integer.MAX_VALUE : at;
        }
    }

    /** One string: its units, and the rarest unit, whose characters are searched for. */
    private static final class Needle {

        final char[] units;
        final int anchor;
        final char anchorLower;
        final char anchorUpper;

        Needle(String s) {
            units = s.toCharArray();
            int best = 0;
            for (int i = 1; i < units.length; i++) {
                if (commonness(units[i]) < commonness(units[best])) {
                    best = i;
                }
            }
            anchor = best;
            char u = units[best];
            anchorLower = u >= FOLDED ? (char) (u - FOLDED) : u;
            anchorUpper = u >= FOLDED ? Character.toUpperCase(anchorLower) : u;
        }

        boolean matchesAt(String text, int start) {
            if (start < 0 || start + units.length > text.length()) {
                return false;
            }
            for (int k = 0; k < units.length; k++) {
                char u = units[k];
                char c = text.charAt(start + k);
                if (u >= FOLDED ? (c | 0x20) != u - FOLDED : c != u) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * How often a unit turns up in log lines, roughly: the order of letters in English text, upper
     * case rarer than lower, digits, spaces and the punctuation of timestamps and key-value pairs
     * common, other bytes rare. Only the order matters: the rarest unit is searched for.
     */
    private static int commonness(char u) {
        if (u >= FOLDED) {
            return commonness((char) (u - FOLDED)) + 1;
        }
        if (u >= 'a' && u <= 'z') {
            return 20 + 3 * "zqjxkvbpygfwmucldrhsnioate".indexOf(u);
        }
        if (u >= 'A' && u <= 'Z') {
            return 5 + "ZQJXKVBPYGFWMUCLDRHSNIOATE".indexOf(u);
        }
        if ((u >= '0' && u <= '9') || u == ' ') {
            return 100;
        }
        if (".:-/=_,[]".indexOf(u) >= 0) {
            return 60;
        }
        return 10;
    }

    /**
     * What is known of a node's matches: their exact set of strings (null when unknown or too
     * large), or a set one of which each contains (null when none is known); {@code pure} when the
     * node has no assertion, so that its exact set is all it asks of a text.
     */
    private record Info(Set<String> exact, Set<String> required, boolean pure) {

        Set<String> necessary() {
            return exact != null ? exact : required;
        }
    }

    private static Info info(Node node) {
        return switch (node) {
            // U+FFFD also stands for bytes that are not UTF-8 in a decoded line: not searched as bytes.
            case Literal l -> l.codePoint() == REPLACEMENT ? new Info(null, null, true) : new Info(Set.of(utf8(l.codePoint())), null, true);
            case CharClass c -> new Info(members(c.ranges()), null, true);
            case Capture c -> info(c.body());
            case Assertion a -> new Info(Set.of(""), null, false);
            case Empty e -> new Info(Set.of(""), null, true);
            case Repeat r -> repeat(r);
            case Concat c -> concat(c.items());
            case Alternate a -> alternate(a.alternatives());
        };
    }

    private static Info repeat(Repeat r) {
        Info body = info(r.body());
        if (r.min() == 1 && r.max() == 1) {
            return body;
        }
        if (r.min() == 0) {
            if (r.max() == 1 && body.exact() != null && body.exact().size() < MAX_STRINGS) {
                Set<String> exact = new LinkedHashSet<>(body.exact());
                exact.add("");
                return new Info(exact, null, body.pure());
            }
            return new Info(null, null, body.pure());
        }
        return new Info(null, body.necessary(), body.pure());
    }

    private static Info concat(List<Node> items) {
        Set<String> product = Set.of("");
        boolean whole = true;
        boolean pure = true;
        List<Set<String>> candidates = new ArrayList<>();
        for (Node item : items) {
            Info info = info(item);
            pure &= info.pure();
            Set<String> exact = info.exact();
            if (exact != null && product != null && product.size() * exact.size() <= MAX_STRINGS) {
                product = cross(product, exact);
                continue;
            }
            whole = false;
            if (product != null) {
                candidates.add(product);
            }
            if (info.required() != null) {
                candidates.add(info.required());
            }
            product = exact;
        }
        if (whole) {
            return new Info(product, null, pure);
        }
        if (product != null) {
            candidates.add(product);
        }
        Set<String> best = null;
        for (Set<String> c : candidates) {
            if (usable(c) && (best == null || better(c, best))) {
                best = c;
            }
        }
        return new Info(null, best, pure);
    }

    private static Info alternate(List<Node> alternatives) {
        Set<String> exact = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        boolean pure = true;
        for (Node alt : alternatives) {
            Info info = info(alt);
            pure &= info.pure();
            if (exact != null && info.exact() != null) {
                exact.addAll(info.exact());
            } else {
                exact = null;
            }
            Set<String> necessary = info.necessary();
            if (required != null && necessary != null && usable(necessary)) {
                required.addAll(necessary);
            } else {
                required = null;
            }
        }
        if (exact != null && exact.size() <= MAX_STRINGS) {
            return new Info(exact, null, pure);
        }
        return new Info(null, required != null && required.size() <= MAX_STRINGS ? required : null, pure);
    }

    /** Whether every string is non-empty, so that holding one of them says something. */
    private static boolean usable(Set<String> strings) {
        if (strings == null || strings.isEmpty() || strings.size() > MAX_STRINGS) {
            return false;
        }
        for (String s : strings) {
            if (s.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether some string is one common unit (a space, a digit, a frequent letter), which nearly
     * every line holds: looking for it first would cost more than it saves.
     */
    private static boolean common(Set<String> strings) {
        for (String s : strings) {
            if (s.length() == 1 && commonness(s.charAt(0)) >= 60) {
                return true;
            }
        }
        return false;
    }

    /**
     * Longer shortest string first (fewer chance occurrences), then more letters and digits in
     * it (a chunk's bloom holds only n-grams inside words), then fewer strings.
     */
    private static boolean better(Set<String> a, Set<String> b) {
        int la = shortest(a);
        int lb = shortest(b);
        if (la != lb) {
            return la > lb;
        }
        int wa = fewestWordUnits(a);
        int wb = fewestWordUnits(b);
        return wa != wb ? wa > wb : a.size() < b.size();
    }

    private static int fewestWordUnits(Set<String> strings) {
        int min = Integer.MAX_VALUE;
        for (String s : strings) {
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                char u = s.charAt(i);
                n += u >= FOLDED || Character.isLetterOrDigit(u) && u < 0x80 ? 1 : 0;
            }
            min = Math.min(min, n);
        }
        return min;
    }

    private static int shortest(Set<String> strings) {
        int min = Integer.MAX_VALUE;
        for (String s : strings) {
            min = Math.min(min, s.length());
        }
        return min;
    }

    private static Set<String> cross(Set<String> left, Set<String> right) {
        Set<String> out = new LinkedHashSet<>();
        for (String l : left) {
            for (String r : right) {
                out.add(l + r);
            }
        }
        return out;
    }

    /**
     * The strings of a class, when it has few members: an ASCII letter present in both cases is
     * one folded unit. Null when that leaves more than four, or the class is larger than eight.
     */
    private static Set<String> members(int[] ranges) {
        long count = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            count += ranges[i + 1] - ranges[i] + 1L;
        }
        if (count > 8) {
            return null;
        }
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            for (int c = ranges[i]; c <= ranges[i + 1]; c++) {
                points.add(c);
            }
        }
        if (points.contains(REPLACEMENT)) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int c : points) {
            if (c >= 'A' && c <= 'Z' && points.contains(c + 32)) {
                continue;
            }
            if (c >= 'a' && c <= 'z' && points.contains(c - 32)) {
                out.add(String.valueOf((char) (FOLDED | c)));
            } else {
                out.add(utf8(c));
            }
        }
        return out.size() <= 4 ? out : null;
    }

    /** A code point's UTF-8 bytes, one char per byte. */
    private static String utf8(int codePoint) {
        return new String(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
