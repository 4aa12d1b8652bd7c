package dev.panoptes.logs.logql;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline's line filters compiled for evaluation: substring tests with {@link String#contains}
 * and regexes through RE2/J (unanchored, as Loki's line filters are), checked in query order so
 * that a cheap first filter spares the later ones. {@link #of} is the one place that decides
 * which pipeline stages can run; the query engine and live tailing both build their chains there.
 *
 * <p>Immutable and thread-safe.
 */
public final class LineFilterChain {

    private final LineFilter.Op[] ops;
    private final String[][] literals;
    private final Pattern[][] patterns;

    /** The chain of a log query's pipeline. */
    public static LineFilterChain of(LogSelectorExpr expr) {
        return new LineFilterChain(lineFilters(expr));
    }

    /** The pipeline's line filters, in order. */
    static List<LineFilter> lineFilters(LogSelectorExpr expr) {
        List<LineFilter> filters = new ArrayList<>();
        for (PipelineStage stage : expr.pipeline()) {
            switch (stage) {
                case LineFilter f -> filters.add(f);
            }
        }
        return filters;
    }

    LineFilterChain(List<LineFilter> filters) {
        int n = filters.size();
        ops = new LineFilter.Op[n];
        literals = new String[n][];
        patterns = new Pattern[n][];
        for (int i = 0; i < n; i++) {
            LineFilter f = filters.get(i);
            ops[i] = f.op();
            if (f.op().isRegex()) {
                patterns[i] = new Pattern[f.values().size()];
                for (int k = 0; k < patterns[i].length; k++) {
                    patterns[i][k] = Pattern.compile(f.values().get(k));
                }
            } else {
                literals[i] = f.values().toArray(new String[0]);
            }
        }
    }

    public boolean isEmpty() {
        return ops.length == 0;
    }

    /** Whether {@code line} passes every filter. */
    public boolean accepts(String line) {
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
