package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.metrics.promql.Evaluation.Steps;
import dev.panoptes.metrics.promql.parser.Expr;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.Series;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads series from storage: instant selectors (the newest sample within the lookback before
 * each step, nothing when that sample is a staleness marker) and the raw points of range
 * selectors. Each series is read whole for the range the query needs, evaluated, and let go
 * before the next, so memory holds one series' raw samples at a time.
 */
final class Selectors {

    private final Evaluation ev;
    /** Float samples of the series loaded last, the guess for the next one's size. */
    private int lastLoaded;

    Selectors(Evaluation ev) {
        this.ev = ev;
    }

    List<EvalSeries> instant(Expr.VectorSelector vs, Steps steps) {
        if (vs.smoothed()) {
            return smoothed(vs, steps);
        }
        long at = ev.atTime(vs.at());
        long offset = Offsets.of(vs, ev);
        long lookback = ev.lookbackMillis();
        long firstRef = (at == Long.MIN_VALUE ? steps.start() : at) - offset;
        long lastRef = (at == Long.MIN_VALUE ? steps.end() : at) - offset;
        SeriesSet set = select(vs, firstRef - lookback, lastRef, steps, 0, "");
        if (ev.settings.parallelism() > 1) {
            List<Series> all = collect(set);
            if (SeriesSplit.worthSplitting(ev.settings, all.size()) && ev.budget.seriesFit(all.size())) {
                addWarnings(set);
                return instantSplit(vs, steps, all);
            }
            set = listed(all, set);
        }
        List<EvalSeries> out = new ArrayList<>();
        SampleIterator it = null;
        while (set.next()) {
            ev.checkLive();
            Series series = set.at();
            it = series.iterator(it);
            EvalSeries raw = load(series, it, firstRef - lookback + 1, lastRef, true);
            if (ev.statsOnly.contains(vs)) {
                HistogramStatsSelectors.toStats(raw);
            }
            EvalSeries result = atSteps(steps, at, offset, lookback, raw);
            ev.budget.add(result.sampleCost());
            ev.budget.release(raw.sampleCost());
            if (!result.isEmpty()) {
                out.add(result);
            }
        }
        addWarnings(set);
        return out;
    }

    /**
     * An instant selector's series at each step: the newest sample within the lookback before
     * the step's reference time ({@code at}, or the step, minus {@code offset}), none when that
     * is a staleness marker. Touches no shared state.
     */
    private static EvalSeries atSteps(Steps steps, long at, long offset, long lookback, EvalSeries raw) {
        EvalSeries result = new EvalSeries(raw.labels, false, steps.count());
        int fi = -1;
        int hi = -1;
        for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
            long ref = (at == Long.MIN_VALUE ? ts : at) - offset;
            while (fi + 1 < raw.floatCount && raw.floatTimes[fi + 1] <= ref) {
                fi++;
            }
            while (hi + 1 < raw.histogramCount && raw.histogramTimes[hi + 1] <= ref) {
                hi++;
            }
            long ft = fi >= 0 ? raw.floatTimes[fi] : Long.MIN_VALUE;
            long htime = hi >= 0 ? raw.histogramTimes[hi] : Long.MIN_VALUE;
            if (ft >= htime) {
                if (fi >= 0 && ft > ref - lookback && !Evaluation.isStale(raw.floats[fi])) {
                    result.addFloat(ts, raw.floats[fi]);
                }
            } else if (htime > ref - lookback && !Evaluation.isStale(raw.histograms[hi])) {
                result.addHistogram(ts, raw.histograms[hi]);
            }
        }
        return result;
    }

    /**
     * The instant selector over {@code all} with the series split between threads. Each series is
     * read and evaluated apart; the costs are replayed into the budget in series order afterwards,
     * as the serial loop would have counted them. A sum of results beyond the budget's room stops
     * the work early: the serial loop would have failed too, since it holds every result at its end.
     */
    private List<EvalSeries> instantSplit(Expr.VectorSelector vs, Steps steps, List<Series> all) {
        long at = ev.atTime(vs.at());
        long offset = Offsets.of(vs, ev);
        long lookback = ev.lookbackMillis();
        long mint = (at == Long.MIN_VALUE ? steps.start() : at) - offset - lookback + 1;
        long maxt = (at == Long.MIN_VALUE ? steps.end() : at) - offset;
        boolean stats = ev.statsOnly.contains(vs);
        int n = all.size();
        EvalSeries[] results = new EvalSeries[n];
        long[] loaded = new long[n];
        long[] released = new long[n];
        long[] held = new long[n];
        long room = ev.budget.room();
        AtomicLong heldSum = new AtomicLong();
        SeriesSplit split = new SeriesSplit(ev, n);
        Reader[] readers = new Reader[split.blocks()];
        split.run((block, i) -> {
            ev.checkLive();
            Reader reader = readers[block] == null ? (readers[block] = new Reader()) : readers[block];
            Series series = all.get(i);
            reader.it = series.iterator(reader.it);
            EvalSeries raw = reader.read(series, reader.it, mint, maxt, true, false);
            loaded[i] = raw.sampleCost();
            if (stats) {
                HistogramStatsSelectors.toStats(raw);
            }
            EvalSeries result = atSteps(steps, at, offset, lookback, raw);
            released[i] = raw.sampleCost();
            held[i] = result.sampleCost();
            if (heldSum.addAndGet(held[i]) > room) {
                throw Evaluation.SampleBudget.tooManySamples();
            }
            results[i] = result.isEmpty() ? null : result;
        });
        List<EvalSeries> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ev.budget.loadSeries();
            ev.budget.load(loaded[i]);
            ev.budget.add(held[i]);
            ev.budget.release(released[i]);
            if (results[i] != null) {
                out.add(results[i]);
            }
        }
        return out;
    }

    /** The reading state of one block of a split: an iterator to reuse and the size guess. */
    private static final class Reader {
        SampleIterator it;
        private int lastLoaded;

        /** The samples of {@code series} in {@code [mint, maxt]}, not counted against any budget. */
        EvalSeries read(Series series, SampleIterator it, long mint, long maxt, boolean keepStale, boolean starts) {
            EvalSeries raw = Selectors.read(series, it, mint, maxt, keepStale, starts, lastLoaded);
            lastLoaded = raw.floatCount;
            return raw;
        }
    }

    /** Every series of {@code set}, read to its end (its warnings are then complete). */
    List<Series> collect(SeriesSet set) {
        List<Series> all = new ArrayList<>();
        while (set.next()) {
            ev.checkLive();
            all.add(set.at());
        }
        return all;
    }

    /** The series collected from {@code origin} as a set again, with {@code origin}'s warnings. */
    static SeriesSet listed(List<Series> all, SeriesSet origin) {
        return new SeriesSet() {
            private int i = -1;

            @Override
            public boolean next() {
                return ++i < all.size();
            }

            @Override
            public Series at() {
                return all.get(i);
            }

            @Override
            public List<String> warnings() {
                return origin.warnings();
            }
        };
    }

    /**
     * A smoothed instant selector: at each step the value interpolated linearly between the
     * samples around it (within a lookback on either side), the sample itself when one is
     * exactly there, or the previous one when nothing follows.
     */
    private List<EvalSeries> smoothed(Expr.VectorSelector vs, Steps steps) {
        long at = ev.atTime(vs.at());
        long offset = Offsets.of(vs, ev);
        long lookback = ev.lookbackMillis();
        long firstRef = (at == Long.MIN_VALUE ? steps.start() : at) - offset;
        long lastRef = (at == Long.MIN_VALUE ? steps.end() : at) - offset;
        SeriesSet set = select(vs, firstRef - lookback, lastRef + lookback, steps, 0, "");
        List<EvalSeries> out = new ArrayList<>();
        SampleIterator it = null;
        while (set.next()) {
            ev.checkLive();
            Series series = set.at();
            it = series.iterator(it);
            EvalSeries raw = load(series, it, firstRef - lookback + 1, lastRef + lookback, false);
            EvalSeries result = new EvalSeries(series.labels(), false);
            String name = series.labels().metricName();
            for (long ts = steps.start(); ts <= steps.end(); ts += steps.interval()) {
                long ref = (at == Long.MIN_VALUE ? ts : at) - offset;
                int f0 = count(raw.floatTimes, raw.floatCount, ref - lookback);
                int f1 = count(raw.floatTimes, raw.floatCount, ref + lookback);
                int h0 = count(raw.histogramTimes, raw.histogramCount, ref - lookback);
                int h1 = count(raw.histogramTimes, raw.histogramCount, ref + lookback);
                if (f1 - f0 == 0 && h1 - h0 == 0) {
                    continue;
                }
                if (f1 - f0 > 0 && h1 - h0 > 0) {
                    ev.annotations.warn("encountered a mix of histograms and floats for metric name "
                            + Annotations.quote(name == null ? "" : name), vs);
                    continue;
                }
                if (f1 - f0 > 0) {
                    int i = f0;
                    while (i < f1 && raw.floatTimes[i] < ref) {
                        i++;
                    }
                    if (i < f1 && raw.floatTimes[i] == ref) {
                        result.addFloat(ts, raw.floats[i]);
                    } else if (i > f0 && i < f1) {
                        result.addFloat(ts, ExtendedRates.interpolate(raw.floatTimes[i - 1], raw.floats[i - 1], raw.floatTimes[i], raw.floats[i], ref, false));
                    } else if (i > f0) {
                        result.addFloat(ts, raw.floats[i - 1]);
                    }
                } else {
                    int i = h0;
                    while (i < h1 && raw.histogramTimes[i] < ref) {
                        i++;
                    }
                    if (i < h1 && raw.histogramTimes[i] == ref) {
                        result.addHistogram(ts, raw.histograms[i].copy());
                    } else if (i > h0 && i < h1) {
                        FloatHistogram prev = raw.histograms[i - 1];
                        FloatHistogram next = raw.histograms[i];
                        if (prev.usesCustomBuckets() != next.usesCustomBuckets()) {
                            ev.annotations.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                                    + Annotations.quote(name == null ? "" : name), vs);
                            continue;
                        }
                        boolean counter = prev.counterResetHint() != dev.panoptes.core.histogram.CounterResetHint.GAUGE
                                || next.counterResetHint() != dev.panoptes.core.histogram.CounterResetHint.GAUGE;
                        result.addHistogram(ts, ExtendedRates.interpolate(prev, raw.histogramTimes[i - 1], next, raw.histogramTimes[i], ref, counter));
                    } else if (i > h0) {
                        result.addHistogram(ts, raw.histograms[i - 1].copy().counterResetHint(dev.panoptes.core.histogram.CounterResetHint.UNKNOWN));
                    }
                }
            }
            ev.budget.release(raw.sampleCost());
            if (!result.isEmpty()) {
                ev.budget.add(result.sampleCost());
                out.add(result);
            }
        }
        addWarnings(set);
        return out;
    }

    /** How many of the first {@code n} times are at or before {@code t}. */
    private static int count(long[] times, int n, long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    SeriesSet select(Expr.VectorSelector vs, long mint, long maxt, Steps steps, long range, String function) {
        SelectHints hints = new SelectHints(mint, maxt, steps.count() > 1 ? steps.interval() : 0, range, function,
                List.of(), false);
        return ev.querier.select(hints, vs.matchers());
    }

    void addWarnings(SeriesSet set) {
        for (String w : set.warnings()) {
            ev.annotations.warn(w, null);
        }
    }

    /**
     * The samples of a series with timestamps in {@code [mint, maxt]}, counted against the
     * budget (the caller releases them). Staleness markers are kept only when asked: instant
     * selectors need them, range selectors drop them.
     */
    EvalSeries load(Series series, SampleIterator it, long mint, long maxt, boolean keepStale) {
        return load(series, it, mint, maxt, keepStale, false);
    }

    /** As {@link #load(Series, SampleIterator, long, long, boolean)}, keeping the start timestamps when {@code starts}. */
    EvalSeries load(Series series, SampleIterator it, long mint, long maxt, boolean keepStale, boolean starts) {
        ev.budget.loadSeries();
        EvalSeries raw = read(series, it, mint, maxt, keepStale, starts, lastLoaded);
        ev.budget.load(raw.sampleCost());
        lastLoaded = raw.floatCount;
        return raw;
    }

    /**
     * The samples of a series with timestamps in {@code [mint, maxt]}, counted against no budget.
     * Series of one selection usually hold about as many samples as each other: the arrays start
     * as large as {@code sizeGuess} (the previous series' float count), so that reading does not
     * regrow them over and over. Safe on any thread for a series of its own.
     */
    static EvalSeries read(Series series, SampleIterator it, long mint, long maxt, boolean keepStale, boolean starts, int sizeGuess) {
        EvalSeries raw = new EvalSeries(series.labels(), false, sizeGuess);
        ValueType type = it.seek(mint);
        while (type != ValueType.NONE) {
            long t = it.atT();
            if (t > maxt) {
                break;
            }
            if (type == ValueType.FLOAT) {
                double v = it.atFloat();
                if (keepStale || !Evaluation.isStale(v)) {
                    raw.addFloat(t, v);
                    if (starts) {
                        raw.startLastFloat(it.atStartTimestamp());
                    }
                }
            } else {
                FloatHistogram h = it.atFloatHistogram(null);
                if (keepStale || !Evaluation.isStale(h)) {
                    raw.addHistogram(t, h);
                    if (starts) {
                        raw.startLastHistogram(it.atStartTimestamp());
                    }
                }
            }
            type = it.next();
        }
        return raw;
    }
}
