package dev.panoptes.logs.logql;

import com.google.re2j.Pattern;
import dev.panoptes.logs.regex.CapturingRegex;
import java.util.List;

/**
 * Consecutive line filters compiled for evaluation, checked in query order so that a cheap first
 * filter spares the later ones: substrings with {@link String#contains}, regexes through RE2/J
 * (unanchored, as Loki's line filters are), patterns through {@link PatternMatcher#test} and
 * {@code ip("...")} operands through {@link IpPattern#matchesIn}. A positive filter keeps a line
 * that any operand accepts; a negative one drops it.
 *
 * <p>Not thread-safe: a regex operand keeps its search's working arrays; each pipeline compiles its own.
 */
final class LineFilterChain implements PipelineStep {

    private final boolean[] negative;
    /** Per filter, per operand: a String, a Regex, a PatternMatcher or an IpPattern. */
    private final Object[][] tests;

    /**
     * @throws IllegalArgumentException if an {@code ip()} operand is not a valid pattern
     */
    LineFilterChain(List<LineFilter> filters) {
        int n = filters.size();
        negative = new boolean[n];
        tests = new Object[n][];
        for (int i = 0; i < n; i++) {
            LineFilter f = filters.get(i);
            negative[i] = f.op().isNegative();
            tests[i] = new Object[f.operands().size()];
            for (int k = 0; k < tests[i].length; k++) {
                LineFilter.Operand o = f.operands().get(k);
                tests[i][k] = o.ip() ? IpPattern.parse(o.text())
                        : f.op().isRegex() ? Regex.of(o.text())
                        : f.op().isPattern() ? new PatternMatcher(o.text())
                        : o.text();
            }
        }
    }

    boolean isEmpty() {
        return negative.length == 0;
    }

    @Override
    public boolean apply(PipelineEntry entry) {
        return accepts(entry.line());
    }

    /** Whether {@code line} passes every filter. */
    boolean accepts(String line) {
        for (int i = 0; i < negative.length; i++) {
            boolean any = false;
            for (Object test : tests[i]) {
                if (matches(test, line)) {
                    any = true;
                    break;
                }
            }
            if (any == negative[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Object test, String line) {
        return switch (test) {
            case String s -> line.contains(s);
            case Regex r -> r.find(line);
            case PatternMatcher m -> m.test(line);
            case IpPattern ip -> ip.matchesIn(line);
            default -> throw new IllegalStateException("unknown line test " + test);
        };
    }

    /** A regex operand: searched by the backtracking engine where its syntax allows, else (or when that is undecided) by RE2/J. */
    private record Regex(Pattern pattern, CapturingRegex.Search search) {

        static Regex of(String regex) {
            CapturingRegex engine = CapturingRegex.compile(regex);
            return new Regex(Pattern.compile(regex), engine == null ? null : engine.search());
        }

        boolean find(String line) {
            int found = search == null ? CapturingRegex.UNDECIDED : search.find(line, 0, line.length(), false);
            return found == CapturingRegex.UNDECIDED ? pattern.matcher(line).find() : found == CapturingRegex.MATCH;
        }
    }
}
