package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
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
        final boolean fromSubquery;
        final Expr.VectorSelector selector;

        Source(List<EvalSeries> series, long range, long offset, long at, boolean fromSubquery, Expr.VectorSelector selector) {
            this.series = series;
            this.range = range;
            this.offset = offset;
            this.at = at;
            this.fromSubquery = fromSubquery;
            this.selector = selector;
        }

        long ref(long ts) {
            return (at == Long.MIN_VALUE ? ts : at) - offset;
        }
    }

    /** The range vector of a matrix selector or subquery, read for every step of {@code steps}. */
    Source source(Expr expr, Steps steps, String function) {
        Expr e = Evaluation.unwrap(expr);
        if (e instanceof Expr.MatrixSelector ms) {
            Expr.VectorSelector vs = ms.selector();
            long at = ev.atTime(vs.at());
            long offset = Offsets.of(vs, ev);
            long range = Offsets.range(ms, ev);
            long first = (at == Long.MIN_VALUE ? steps.start() : at) - offset;
            long last = (at == Long.MIN_VALUE ? steps.end() : at) - offset;
            Selectors selectors = new Selectors(ev);
            SeriesSet set = selectors.select(vs, first - range, last, steps, range, function);
            List<EvalSeries> out = new ArrayList<>();
            SampleIterator it = null;
            while (set.next()) {
                ev.checkLive();
                Series series = set.at();
                it = series.iterator(it);
                EvalSeries raw = selectors.load(series, it, first - range + 1, last, false);
                if (!raw.isEmpty()) {
                    out.add(raw);
                }
            }
            selectors.addWarnings(set);
            return new Source(out, range, offset, at, false, vs);
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
            return new Source(inner, range, offset, at, true, null);
        }
        throw new QueryException(ErrorType.BAD_DATA, "expected a range vector");
    }

    /** A range vector as the value of an instant query: the window at the query's one step. */
    List<EvalSeries> evaluate(Expr expr, Steps steps) {
        Source source = source(expr, steps, "");
        long ref = source.ref(steps.start());
        List<EvalSeries> out = new ArrayList<>();
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

    static FloatHistogram[] noHistograms() {
        return new FloatHistogram[0];
    }
}
