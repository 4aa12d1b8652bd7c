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
            EvalSeries result = new EvalSeries(series.labels(), false, steps.count());
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
                        ev.budget.add(1);
                    }
                } else if (htime > ref - lookback && !Evaluation.isStale(raw.histograms[hi])) {
                    result.addHistogram(ts, raw.histograms[hi]);
                    ev.budget.add(EvalSeries.histogramCost(raw.histograms[hi]));
                }
            }
            ev.budget.release(raw.sampleCost());
            if (!result.isEmpty()) {
                out.add(result);
            }
        }
        addWarnings(set);
        return out;
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
        // Series of one selection usually hold about as many samples as each other: size the
        // arrays like the previous one, so that reading does not regrow them over and over.
        ev.budget.loadSeries();
        EvalSeries raw = new EvalSeries(series.labels(), false, lastLoaded);
        ValueType type = it.seek(mint);
        long cost = 0;
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
                    cost++;
                }
            } else {
                FloatHistogram h = it.atFloatHistogram(null);
                if (keepStale || !Evaluation.isStale(h)) {
                    raw.addHistogram(t, h);
                    if (starts) {
                        raw.startLastHistogram(it.atStartTimestamp());
                    }
                    cost += EvalSeries.histogramCost(h);
                }
            }
            type = it.next();
        }
        ev.budget.load(cost);
        lastLoaded = raw.floatCount;
        return raw;
    }
}
