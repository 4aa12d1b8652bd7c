package dev.panoptes.logs.logql;

import java.util.Arrays;

/**
 * The value of a range aggregation over one window of one series' samples, with Loki's
 * arithmetic: the window holds {@code values[from..to)} at {@code times[from..to)} (nanoseconds,
 * in time order, at least one sample), and ends at {@code windowEnd}, {@code range} nanoseconds
 * after its (excluded) start. Rates divide by the window's length in seconds, not by the time the
 * samples span; {@code rate_counter} extrapolates as Prometheus' {@code rate} does, but from the
 * window's bounds. Stateless.
 */
final class WindowFunctions {

    private WindowFunctions() {
    }

    static double evaluate(RangeAggregationExpr.Op op, double parameter, long[] times, double[] values, int from, int to, long windowEnd,
                           long range) {
        double seconds = range / 1e9;
        return switch (op) {
            case COUNT_OVER_TIME -> to - from;
            case RATE -> sum(values, from, to) / seconds;
            case RATE_COUNTER -> counterRate(times, values, from, to, windowEnd, range);
            case BYTES_OVER_TIME, SUM_OVER_TIME -> sum(values, from, to);
            case BYTES_RATE -> sum(values, from, to) / seconds;
            case ABSENT_OVER_TIME -> 1;
            case AVG_OVER_TIME -> average(values, from, to);
            case MIN_OVER_TIME -> min(values, from, to);
            case MAX_OVER_TIME -> max(values, from, to);
            case STDVAR_OVER_TIME -> variance(values, from, to);
            case STDDEV_OVER_TIME -> Math.sqrt(variance(values, from, to));
            case QUANTILE_OVER_TIME -> quantile(parameter, values, from, to);
            case FIRST_OVER_TIME -> values[from];
            case LAST_OVER_TIME -> values[to - 1];
        };
    }

    private static double sum(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum;
    }

    /** An incremental mean, which neither overflows nor turns an infinite mean into NaN. */
    private static double average(double[] values, int from, int to) {
        double mean = 0;
        double count = 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            mean += v / count - mean / count;
        }
        return mean;
    }

    /** The smallest value; a NaN is replaced by any later value, so NaN only when all are NaN. */
    private static double min(double[] values, int from, int to) {
        double min = values[from];
        for (int i = from; i < to; i++) {
            if (values[i] < min || Double.isNaN(min)) {
                min = values[i];
            }
        }
        return min;
    }

    private static double max(double[] values, int from, int to) {
        double max = values[from];
        for (int i = from; i < to; i++) {
            if (values[i] > max || Double.isNaN(max)) {
                max = values[i];
            }
        }
        return max;
    }

    /** The population variance, by Welford's method. */
    private static double variance(double[] values, int from, int to) {
        double mean = 0;
        double aux = 0;
        double count = 0;
        for (int i = from; i < to; i++) {
            count++;
            double delta = values[i] - mean;
            mean += delta / count;
            aux += delta * (values[i] - mean);
        }
        return aux / count;
    }

    /** The phi-quantile interpolated between the two nearest ranks; -Inf below 0, +Inf above 1. */
    static double quantile(double phi, double[] values, int from, int to) {
        if (phi < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (phi > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        double n = sorted.length;
        double rank = phi * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return sorted[(int) lower] * (1 - weight) + sorted[(int) upper] * weight;
    }

    /**
     * The per-second increase of a counter over the window: a drop counts as a reset (the value
     * before it is added back), and the increase is extrapolated towards the window's bounds when
     * the first or last sample lies within 1.1 average sample intervals of them (otherwise by half
     * an interval), never below the counter's zero point. Fewer than two samples give 0, as in Loki.
     */
    private static double counterRate(long[] times, double[] values, int from, int to, long windowEnd, long range) {
        if (to - from < 2) {
            return 0;
        }
        long windowStart = windowEnd - range;
        double first = values[from];
        double last = values[to - 1];
        double increase = last - first;
        double previous = 0;
        for (int i = from; i < to; i++) {
            if (values[i] < previous) {
                increase += previous;
            }
            previous = values[i];
        }
        double toStart = (times[from] - windowStart) / 1e9;
        double toEnd = (windowEnd - times[to - 1]) / 1e9;
        double sampled = (times[to - 1] - times[from]) / 1e9;
        double averageInterval = sampled / (to - from - 1);
        double threshold = averageInterval * 1.1;
        if (toStart >= threshold) {
            toStart = averageInterval / 2;
        }
        double toZero = toStart;
        if (increase > 0 && first >= 0) {
            toZero = sampled * (first / increase);
        }
        toStart = Math.min(toStart, toZero);
        if (toEnd >= threshold) {
            toEnd = averageInterval / 2;
        }
        double extrapolated = increase * ((sampled + toStart + toEnd) / sampled);
        return extrapolated / (range / 1e9);
    }
}
