package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Range vectors: a range selector's samples from storage, or a subquery's points from evaluating
 * its inner expression at its own aligned steps. Either way the consumer sees, per series, the
 * raw points and, for each outer step, the window {@code (ref - range, ref]} where {@code ref}
 * is the step (or the {@code @} time) minus the offset.
 */
final class RangeVectors {

    private final Evaluation ev;

    RangeVectors(Evaluation ev) {
        this.ev = ev;
    }

    /** A range vector's series and the geometry of its windows. */
    static final class Source {
        final List<EvalSeries> series;
        final long range;
        final long offset;
        final long at;
        final Expr.VectorSelector selector;

        Source(List<EvalSeries> series, long range, long offset, long at, Expr.VectorSelector selector) {
            this.series = series;
            this.range = range;
            this.offset = offset;
            this.at = at;
            this.selector = selector;
        }

        long ref(long ts) {
            return (at == Long.MIN_VALUE ? ts : at) - offset;
        }
    }

    /**
     * A matrix selector's series found but not read yet: the geometry of its windows, the bounds
     * {@code [mint, maxt]} of the samples every step needs, and whether start timestamps are kept.
     */
    record Selection(Expr.VectorSelector selector, long range, long offset, long at, long mint, long maxt, boolean starts,
                     SeriesSet set) {
    }

    /** Finds the series of {@code ms} for every step of {@code steps}, read by {@code function}. */
    Selection select(Expr.MatrixSelector ms, Steps steps, String function) {
        Expr.VectorSelector vs = ms.selector();
        long at = ev.atTime(vs.at());
        long offset = Offsets.of(vs, ev);
        long range = Offsets.range(ms, ev);
        long first = (at == Long.MIN_VALUE ? steps.start() : at) - offset;
        long last = (at == Long.MIN_VALUE ? steps.end() : at) - offset;
        // Anchored and smoothed ranges read one lookback before the range; smoothed also one after.
        long before = vs.anchored() || vs.smoothed() ? ev.lookbackMillis() : 0;
        long after = vs.smoothed() ? ev.lookbackMillis() : 0;
        first -= before;
        last += after;
        SeriesSet set = new Selectors(ev).select(vs, first - range, last, steps, range, function);
        boolean starts = ev.settings.useStartTimestamps() && StartTimestamps.usedBy(function);
        return new Selection(vs, range, offset, at, first - range + 1, last, starts, set);
    }

    /** Reads every series of {@code set} (the selection's own, or the same series listed) into a range vector. */
    Source load(Selection selection, SeriesSet set) {
        Selectors selectors = new Selectors(ev);
        Expr.VectorSelector vs = selection.selector();
        List<EvalSeries> out = new ArrayList<>();
        SampleIterator it = null;
        while (set.next()) {
            ev.checkLive();
            Series series = set.at();
            it = series.iterator(it);
            EvalSeries raw = selectors.load(series, it, selection.mint(), selection.maxt(), false, selection.starts());
            if (ev.statsOnly.contains(vs)) {
                HistogramStatsSelectors.toStats(raw);
            }
            if (!raw.isEmpty()) {
                out.add(raw);
            }
        }
        selectors.addWarnings(set);
        return new Source(out, selection.range(), selection.offset(), selection.at(), vs);
    }

    /** The range vector of a matrix selector or subquery, read for every step of {@code steps}. */
    Source source(Expr expr, Steps steps, String function) {
        Expr e = Evaluation.unwrap(expr);
        if (e instanceof Expr.MatrixSelector ms) {
            Selection selection = select(ms, steps, function);
            return load(selection, selection.set());
        }
        if (e instanceof Expr.Subquery sq) {
            long at = ev.atTime(sq.at());
            long offset = Offsets.of(sq, ev);
            long range = Offsets.range(sq, ev);
            long interval = Offsets.step(sq, ev);
            if (interval == 0) {
                interval = ev.defaultSubqueryStepMillis();
            }
            long parentStart = at == Long.MIN_VALUE ? steps.start() : at;
            long parentEnd = at == Long.MIN_VALUE
                    ? steps.start() + ((steps.end() - steps.start()) / steps.interval()) * steps.interval() : at;
            long end = parentEnd - offset;
            long from = parentStart - offset - range;
            long start = interval * (from / interval);
            if (start <= from) {
                start += interval;
            }
            List<EvalSeries> inner = start > end ? List.of() : ev.eval(sq.expr(), new Steps(start, end, interval));
            for (EvalSeries s : inner) {
                for (int i = 0; i < s.histogramCount; i++) {
                    CounterResetHint hint = s.histograms[i].counterResetHint();
                    if (hint == CounterResetHint.COUNTER_RESET || hint == CounterResetHint.NOT_COUNTER_RESET) {
                        s.histograms[i] = s.histograms[i].copy().counterResetHint(CounterResetHint.UNKNOWN);
                    }
                }
            }
            return new Source(inner, range, offset, at, null);
        }
        throw new QueryException(ErrorType.BAD_DATA, "expected a range vector");
    }

    /** A range vector as the value of an instant query: the window at the query's one step. */
    List<EvalSeries> evaluate(Expr expr, Steps steps) {
        Source source = source(expr, steps, "");
        long ref = source.ref(steps.start());
        List<EvalSeries> out = new ArrayList<>();
        Expr.VectorSelector vs = source.selector;
        if (vs != null && (vs.anchored() || vs.smoothed())) {
            for (EvalSeries s : source.series) {
                EvalSeries extended = extend(s, ref - source.range, ref, vs.smoothed(), vs.anchored() ? "anchored" : "smoothed");
                if (extended != null) {
                    out.add(extended);
                }
            }
            return out;
        }
        for (EvalSeries s : source.series) {
            EvalSeries w = new EvalSeries(s.labels, s.dropName);
            for (int i = 0; i < s.floatCount; i++) {
                if (s.floatTimes[i] > ref - source.range && s.floatTimes[i] <= ref) {
                    w.addFloat(s.floatTimes[i], s.floats[i]);
                }
            }
            for (int i = 0; i < s.histogramCount; i++) {
                if (s.histogramTimes[i] > ref - source.range && s.histogramTimes[i] <= ref) {
                    w.addHistogram(s.histogramTimes[i], s.histograms[i]);
                }
            }
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * An anchored or smoothed range as a value: its points inside the range with a point added at
     * each boundary, the sample at or before the start (anchored) or values interpolated to both
     * boundaries (smoothed). Histograms are not supported there.
     */
    private EvalSeries extend(EvalSeries s, long mint, long maxt, boolean smoothed, String modifier) {
        if (s.histogramCount > 0) {
            throw new QueryException(ErrorType.EXECUTION, modifier + " modifier is not supported with histograms");
        }
        int n = 0;
        long lo = mint - ev.lookbackMillis();
        long hi = smoothed ? maxt + ev.lookbackMillis() : maxt;
        int from = -1;
        for (int i = 0; i < s.floatCount; i++) {
            if (s.floatTimes[i] > lo && s.floatTimes[i] <= hi) {
                if (from < 0) {
                    from = i;
                }
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        long[] t = java.util.Arrays.copyOfRange(s.floatTimes, from, from + n);
        double[] f = java.util.Arrays.copyOfRange(s.floats, from, from + n);
        int last = n - 1;
        int first = 0;
        while (first < last && t[first] <= mint) {
            first++;
        }
        first = Math.max(0, first - 1);
        if (smoothed) {
            int i = 0;
            while (i < last && t[i] < maxt) {
                i++;
            }
            last = i;
        }
        if (t[last] <= mint) {
            return null;
        }
        double left = smoothed && t[first] < mint ? ExtendedRates.interpolate(t[first], f[first], t[first + 1], f[first + 1], mint, false) : f[first];
        double right = smoothed && last > 0 && t[last] > maxt ? ExtendedRates.interpolate(t[last - 1], f[last - 1], t[last], f[last], maxt, false) : f[last];
        if (t[first] <= mint) {
            first++;
        }
        if (t[last] >= maxt) {
            last--;
        }
        EvalSeries out = new EvalSeries(s.labels, s.dropName);
        out.addFloat(mint, left);
        for (int i = first; i <= last; i++) {
            out.addFloat(t[i], f[i]);
        }
        out.addFloat(maxt, right);
        return out;
    }
}
