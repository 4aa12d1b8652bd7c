package dev.panoptes.logs.logql;

import com.google.re2j.Pattern;
import java.util.List;

/**
 * A pipeline's line filters compiled for evaluation: substring tests with {@link String#contains}
 * and regexes through RE2/J (unanchored, as Loki's line filters are), checked in query order so
 * that a cheap first filter spares the later ones. Takes only substring and regex filters with
 * plain operands (the engine refuses the others before building a chain).
 *
 * <p>Immutable and thread-safe.
 */
final class LineFilterChain {

    private final LineFilter.Op[] ops;
    private final String[][] literals;
    private final Pattern[][] patterns;

    LineFilterChain(List<LineFilter> filters) {
        int n = filters.size();
        ops = new LineFilter.Op[n];
        literals = new String[n][];
        patterns = new Pattern[n][];
        for (int i = 0; i < n; i++) {
            LineFilter f = filters.get(i);
            ops[i] = f.op();
            if (f.op().isRegex()) {
                patterns[i] = new Pattern[f.texts().size()];
                for (int k = 0; k < patterns[i].length; k++) {
                    patterns[i][k] = Pattern.compile(f.texts().get(k));
                }
            } else {
                literals[i] = f.texts().toArray(new String[0]);
            }
        }
    }

    boolean isEmpty() {
        return ops.length == 0;
    }

    /** Whether {@code line} passes every filter. */
    boolean accepts(String line) {
        for (int i = 0; i < ops.length; i++) {
            boolean any = false;
            if (patterns[i] != null) {
                for (Pattern p : patterns[i]) {
                    if (p.matcher(line).find()) {
                        any = true;
                        break;
                    }
                }
            } else {
                for (String s : literals[i]) {
                    if (line.contains(s)) {
                        any = true;
                        break;
                    }
                }
            }
            if (any == ops[i].isNegative()) {
                return false;
            }
        }
        return true;
    }
}
