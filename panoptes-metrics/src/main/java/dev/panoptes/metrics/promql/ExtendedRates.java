package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.IncompatibleHistogramsException;
import dev.panoptes.metrics.promql.RangeFunctions.Result;
import dev.panoptes.metrics.promql.RangeFunctions.Window;
import dev.panoptes.metrics.promql.parser.Expr;

/**
 * {@code rate}, {@code increase} and {@code delta} over {@code anchored} and {@code smoothed}
 * range selectors. Their windows reach one lookback beyond the range: anchored ranges take the
 * last sample at or before the range start as the left value instead of extrapolating;
 * smoothed ranges interpolate linearly to both range boundaries. No extrapolation either way.
 */
final class ExtendedRates {

    /** Functions an anchored range may feed, and the ones a smoothed range may feed. */
    static final String ANCHORED_SAFE = "changes, delta, increase, rate, resets";
    static final String SMOOTHED_SAFE = "delta, increase, rate";

    private final Annotations annotations;
    private final Expr arg;

    ExtendedRates(Annotations annotations, Expr arg) {
        this.annotations = annotations;
        this.arg = arg;
    }

    static boolean anchoredSafe(String name) {
        return switch (name) {
            case "resets", "changes", "rate", "increase", "delta" -> true;
            default -> false;
        };
    }

    static boolean smoothedSafe(String name) {
        return switch (name) {
            case "rate", "increase", "delta" -> true;
            default -> false;
        };
    }

    void rate(Window w, boolean smoothed, boolean isCounter, boolean isRate, Result out) {
        if (w.floats() > 0 && w.histograms() > 0) {
            annotations.warn("encountered a mix of histograms and floats for metric name " + Annotations.quote(w.metricName()), arg);
            return;
        }
        if (w.histograms() > 0) {
            histogramRate(w, smoothed, isCounter, isRate, out);
        } else if (w.floats() > 0) {
            floatRate(w, smoothed, isCounter, isRate, out);
        }
    }

    /** Index of the first point in [0, n) for which {@code t > bound} (or {@code >=} when inclusive), else n. */
    private static int searchFloat(Window w, int n, long bound, boolean inclusive) {
        for (int i = 0; i < n; i++) {
            long t = w.ft(i);
            if (inclusive ? t >= bound : t > bound) {
                return i;
            }
        }
        return n;
    }

    private static int searchHistogram(Window w, int n, long bound, boolean inclusive) {
        for (int i = 0; i < n; i++) {
            long t = w.ht(i);
            if (inclusive ? t >= bound : t > bound) {
                return i;
            }
        }
        return n;
    }

    private void floatRate(Window w, boolean smoothed, boolean isCounter, boolean isRate, Result out) {
        int last = w.floats() - 1;
        int first = Math.max(0, searchFloat(w, last, w.rangeStart, false) - 1);
        if (smoothed) {
            last = searchFloat(w, last, w.rangeEnd, true);
        }
        if (w.ft(last) <= w.rangeStart) {
            return;
        }
        if (smoothed && w.ft(first) > w.rangeEnd) {
            return;
        }
        double left = smoothed && w.ft(first) < w.rangeStart
                ? interpolate(w.ft(first), w.f(first), w.ft(first + 1), w.f(first + 1), w.rangeStart, isCounter) : w.f(first);
        double right = smoothed && last > 0 && w.ft(last) > w.rangeEnd
                ? interpolate(w.ft(last - 1), w.f(last - 1), w.ft(last), w.f(last), w.rangeEnd, isCounter) : w.f(last);
        double result = right - left;
        if (isCounter) {
            if (w.ft(first) <= w.rangeStart) {
                first++;
            }
            if (w.ft(last) >= w.rangeEnd) {
                last--;
            }
            double correction = 0;
            double prev = left;
            for (int i = first; i <= last; i++) {
                if (w.f(i) < prev) {
                    correction += prev;
                }
                prev = w.f(i);
            }
            if (right < prev) {
                correction += prev;
            }
            result += correction;
        }
        if (isRate) {
            result /= w.range / 1000.0;
        }
        out.set(result);
    }

    static double interpolate(long t1, double y1, long t2, double y2, long t, boolean isCounter) {
        if (isCounter && y2 < y1) {
            y1 = 0;
        }
        return y1 + (y2 - y1) * (double) (t - t1) / (double) (t2 - t1);
    }

    static FloatHistogram interpolate(FloatHistogram h1, long t1, FloatHistogram h2, long t2, long t, boolean isCounter) {
        if (t == t1) {
            return h1.copy();
        }
        if (t == t2) {
            return h2.copy();
        }
        double fraction = (double) (t - t1) / (double) (t2 - t1);
        if (isCounter && h2.detectReset(h1)) {
            return h2.copy().mul(fraction);
        }
        FloatHistogram result = h2.copy();
        result.sub(h1);
        result.mul(fraction);
        result.add(h1);
        return result;
    }

    private void histogramRate(Window w, boolean smoothed, boolean isCounter, boolean isRate, Result out) {
        String name = w.metricName();
        int last = w.histograms() - 1;
        int first = Math.max(0, searchHistogram(w, last, w.rangeStart, false) - 1);
        if (smoothed) {
            last = searchHistogram(w, last, w.rangeEnd, true);
        }
        if (w.ht(last) <= w.rangeStart || (smoothed && w.ht(first) > w.rangeEnd)) {
            return;
        }
        boolean custom = w.h(first).usesCustomBuckets();
        for (int i = first; i <= last; i++) {
            if (w.h(i).usesCustomBuckets() != custom) {
                mixedSchemas(name);
                return;
            }
            if (isCounter && w.h(i).counterResetHint() == CounterResetHint.GAUGE) {
                annotations.warn("this native histogram metric is not a counter: " + Annotations.quote(name), arg);
            }
        }
        try {
            FloatHistogram left = smoothed && w.ht(first) < w.rangeStart
                    ? interpolate(w.h(first), w.ht(first), w.h(first + 1), w.ht(first + 1), w.rangeStart, isCounter) : w.h(first).copy();
            FloatHistogram right = smoothed && last > 0 && w.ht(last) > w.rangeEnd
                    ? interpolate(w.h(last - 1), w.ht(last - 1), w.h(last), w.ht(last), w.rangeEnd, isCounter) : w.h(last).copy();
            if (!isCounter && (left.counterResetHint() != CounterResetHint.GAUGE || right.counterResetHint() != CounterResetHint.GAUGE)) {
                annotations.warn("this native histogram metric is not a gauge: " + Annotations.quote(name), arg);
            }
            FloatHistogram result = right.copy();
            result.sub(left);
            if (isCounter) {
                int from = first + 1;
                FloatHistogram prev = left;
                if (smoothed && w.ht(first) < w.rangeStart && w.h(first + 1).detectReset(w.h(first))) {
                    prev = w.h(first + 1);
                    from++;
                }
                int to = last - 1;
                FloatHistogram correction = null;
                if (from <= to + 1) {
                    for (int i = from; i <= to; i++) {
                        if (w.h(i).detectReset(prev)) {
                            correction = addTo(correction, prev);
                        }
                        prev = w.h(i);
                    }
                    if (right.detectReset(prev)) {
                        correction = addTo(correction, prev);
                    }
                }
                if (correction != null) {
                    result.add(correction);
                }
            }
            if (isRate) {
                result.div(w.range / 1000.0);
            }
            result.counterResetHint(CounterResetHint.GAUGE);
            out.set(result.compact(0));
        } catch (IncompatibleHistogramsException e) {
            mixedSchemas(name);
        }
    }

    private static FloatHistogram addTo(FloatHistogram correction, FloatHistogram h) {
        if (correction == null) {
            return h.copy();
        }
        correction.add(h);
        return correction;
    }

    private void mixedSchemas(String name) {
        annotations.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                + Annotations.quote(name), arg);
    }
}
