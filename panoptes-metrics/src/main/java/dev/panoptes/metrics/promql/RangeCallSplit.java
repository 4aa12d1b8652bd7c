package dev.panoptes.metrics.promql;

import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A range function over a range selector with its series split between threads ({@link
 * SeriesSplit}): each series is read and walked on its own, so a thread holds the raw samples of
 * one series at a time, not of all.
 *
 * <p>The outcome is the serial one. Serially every series is read (counted against the series and
 * sample limits) before any is walked, then each series' raw samples are released and its
 * result counted. Here each series' costs are kept by index and replayed into the budget in
 * that order once all are done, so the limits fail at the same series with the same error and
 * the peak is the same. A failure of the function itself (say, a bad smoothing factor) is kept
 * by index as well: the serial reading would have met the limits first, so series after it are
 * still read for their costs but not walked. The sum read exceeding the budget's room stops the
 * work early, since the serial reading fails then too. Annotations are raised per block and
 * merged in block order.
 */
final class RangeCallSplit {

    private final Evaluation ev;
    private final String name;
    private final Steps steps;
    private final RangeVectors.Selection selection;
    private final List<Series> series;
    private final double[] p0;
    private final double[] p1;
    private final Expr node;

    RangeCallSplit(Evaluation ev, String name, Steps steps, RangeVectors.Selection selection, List<Series> series,
                   double[] p0, double[] p1, Expr node) {
        this.ev = ev;
        this.name = name;
        this.steps = steps;
        this.selection = selection;
        this.series = series;
        this.p0 = p0;
        this.p1 = p1;
        this.node = node;
    }

    /** The walked series in selection order, those without a point left out. */
    List<EvalSeries> run() {
        int n = series.size();
        EvalSeries[] results = new EvalSeries[n];
        long[] loaded = new long[n];
        long[] released = new long[n];
        RuntimeException[] failures = new RuntimeException[n];
        AtomicInteger firstFailure = new AtomicInteger(Integer.MAX_VALUE);
        long room = ev.budget.room();
        AtomicLong loadedSum = new AtomicLong();
        boolean stats = ev.statsOnly.contains(selection.selector());
        SeriesSplit split = new SeriesSplit(ev, n);
        Part[] parts = new Part[split.blocks()];
        split.run((block, i) -> {
            ev.checkLive();
            Part part = parts[block] == null ? (parts[block] = new Part()) : parts[block];
            Series s = series.get(i);
            part.it = s.iterator(part.it);
            EvalSeries raw = Selectors.read(s, part.it, selection.mint(), selection.maxt(), false, selection.starts(), part.lastLoaded);
            part.lastLoaded = raw.floatCount;
            loaded[i] = raw.sampleCost();
            if (loadedSum.addAndGet(loaded[i]) > room) {
                throw Evaluation.SampleBudget.tooManySamples();
            }
            if (stats) {
                HistogramStatsSelectors.toStats(raw);
            }
            if (raw.isEmpty() || i > firstFailure.get()) {
                return;
            }
            try {
                EvalSeries result = part.walk.apply(raw);
                // Released after the walk, as serially: a function may have changed the raw points.
                released[i] = raw.sampleCost();
                part.walk.noteCounterName(raw, result);
                results[i] = result;
            } catch (QueryException e) {
                failures[i] = e;
                firstFailure.accumulateAndGet(i, Math::min);
            }
        });
        for (int i = 0; i < n; i++) {
            ev.budget.loadSeries();
            ev.budget.load(loaded[i]);
        }
        List<EvalSeries> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (failures[i] != null) {
                throw failures[i];
            }
            EvalSeries result = results[i];
            if (result == null) {
                // Read empty: the serial path never held it, so there is nothing to release.
                continue;
            }
            ev.budget.release(released[i]);
            if (!result.isEmpty()) {
                ev.budget.add(result.sampleCost());
                out.add(result);
            }
        }
        for (Part part : parts) {
            if (part != null) {
                ev.annotations.addAll(part.annotations);
            }
        }
        return out;
    }

    /** What one block reads and walks with: its own iterator, size guess, walk and annotations. */
    private final class Part {
        final Annotations annotations = ev.annotations.child();
        final WindowWalk walk = new WindowWalk(name, steps, selection.range(), selection.offset(), selection.at(),
                selection.selector().anchored(), selection.selector().smoothed(), ev.lookbackMillis(), p0, p1, node, annotations);
        SampleIterator it;
        int lastLoaded;
    }
}
