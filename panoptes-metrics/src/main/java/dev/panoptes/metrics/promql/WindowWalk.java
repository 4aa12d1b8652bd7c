package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.Expr;

/**
 * One range-function call walked over a series: at each step the window {@code (ref - range,
 * ref]} (a lookback wider for anchored and smoothed ranges) is found by moving two cursors
 * forward, and the function evaluated on it. Holds the call's reusable window and result, so
 * one walk is used by one thread at a time; its annotations are the query's or, on a helper
 * thread, a child merged later.
 */
final class WindowWalk {

    private final String name;
    private final Steps steps;
    private final long range;
    private final long offset;
    private final long at;
    private final long before;
    private final long after;
    private final double[] p0;
    private final double[] p1;
    private final boolean dropName;
    /** The node the function's annotations point at: the range selector's vector selector, or the subquery. */
    private final Expr node;
    private final Annotations annotations;
    private final RangeFunctions functions;
    private final RangeFunctions.Window w = new RangeFunctions.Window();
    private final RangeFunctions.Result r = new RangeFunctions.Result();

    WindowWalk(String name, Steps steps, long range, long offset, long at, boolean anchored, boolean smoothed, long lookback,
               double[] p0, double[] p1, Expr node, Annotations annotations) {
        this.name = name;
        this.steps = steps;
        this.range = range;
        this.offset = offset;
        this.at = at;
        this.before = anchored || smoothed ? lookback : 0;
        this.after = smoothed ? lookback : 0;
        this.p0 = p0;
        this.p1 = p1;
        this.dropName = !name.equals("last_over_time") && !name.equals("first_over_time");
        this.node = node;
        this.annotations = annotations;
        this.functions = new RangeFunctions(annotations, node);
        w.range = range;
        w.anchored = anchored;
        w.smoothed = smoothed;
    }

    /** The function's value at every step where the window over {@code s} is not empty. */
    EvalSeries apply(EvalSeries s) {
        EvalSeries result = new EvalSeries(s.labels, dropName || s.dropName, steps.count());
        w.series = s;
        w.floatFrom = 0;
        w.floatTo = 0;
        w.histogramFrom = 0;
        w.histogramTo = 0;
        int step = 0;
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval(), step++) {
            long ref = (at == Long.MIN_VALUE ? ts : at) - offset;
            long lo = ref - range;
            long windowStart = lo - before;
            long windowEnd = ref + after;
            if (at != Long.MIN_VALUE) {
                w.floatFrom = w.floatTo = w.histogramFrom = w.histogramTo = 0;
            }
            while (w.floatTo < s.floatCount && s.floatTimes[w.floatTo] <= windowEnd) {
                w.floatTo++;
            }
            while (w.floatFrom < w.floatTo && s.floatTimes[w.floatFrom] <= windowStart) {
                w.floatFrom++;
            }
            while (w.histogramTo < s.histogramCount && s.histogramTimes[w.histogramTo] <= windowEnd) {
                w.histogramTo++;
            }
            while (w.histogramFrom < w.histogramTo && s.histogramTimes[w.histogramFrom] <= windowStart) {
                w.histogramFrom++;
            }
            if (w.floats() + w.histograms() == 0) {
                continue;
            }
            w.rangeStart = lo;
            w.rangeEnd = ref;
            w.ts = ts;
            functions.apply(name, w, p0 == null ? Double.NaN : p0[step], p1 == null ? Double.NaN : p1[step], r);
            if (r.present) {
                result.add(ts, r.f, r.h);
            }
        }
        return result;
    }

    /** The info {@code rate} and {@code increase} raise over a metric whose name does not read as a counter's. */
    void noteCounterName(EvalSeries s, EvalSeries result) {
        if ((name.equals("rate") || name.equals("increase")) && result.floatCount > 0) {
            String metric = s.labels.metricName();
            if (metric != null && !metric.isEmpty() && !metric.endsWith("_total") && !metric.endsWith("_sum")
                    && !metric.endsWith("_count") && !metric.endsWith("_bucket")) {
                annotations.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                        + Annotations.quote(metric), node);
            }
        }
    }
}
