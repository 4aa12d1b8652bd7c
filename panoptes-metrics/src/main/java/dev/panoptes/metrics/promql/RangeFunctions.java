package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.IncompatibleHistogramsException;
import dev.panoptes.metrics.promql.parser.Expr;

/**
 * The functions over range vectors ({@code rate}, {@code *_over_time}, {@code deriv}, ...),
 * applied to one series' window at one step. A window is a slice of the series' raw points;
 * functions read it in place and allocate nothing per point. Results are written into a
 * {@link Result}; a window without a result leaves it empty.
 */
final class RangeFunctions {

    /** One series' points inside one window, as index ranges into its arrays. */
    static final class Window {
        EvalSeries series;
        int floatFrom;
        int floatTo;
        int histogramFrom;
        int histogramTo;
        /** Exclusive start and inclusive end of the window, and its length. */
        long rangeStart;
        long rangeEnd;
        long range;
        long ts;
        /** The range selector's extended modifiers; the window then reaches a lookback further. */
        boolean anchored;
        boolean smoothed;

        int floats() {
            return floatTo - floatFrom;
        }

        int histograms() {
            return histogramTo - histogramFrom;
        }

        long ft(int i) {
            return series.floatTimes[floatFrom + i];
        }

        double f(int i) {
            return series.floats[floatFrom + i];
        }

        long ht(int i) {
            return series.histogramTimes[histogramFrom + i];
        }

        FloatHistogram h(int i) {
            return series.histograms[histogramFrom + i];
        }

        /** Start timestamp of float {@code i}; 0 for none (always, for series read without them). */
        long fst(int i) {
            return series.floatStart(floatFrom + i);
        }

        long hst(int i) {
            return series.histogramStart(histogramFrom + i);
        }

        String metricName() {
            String name = series.labels.metricName();
            return name == null ? "" : name;
        }
    }

    /** The value a function produced for one window: a float, a histogram, or nothing. */
    static final class Result {
        boolean present;
        double f;
        FloatHistogram h;

        void clear() {
            present = false;
            h = null;
        }

        void set(double value) {
            present = true;
            f = value;
            h = null;
        }

        void set(FloatHistogram histogram) {
            present = true;
            h = histogram;
        }
    }

    private final Annotations annotations;
    /** The range-vector argument, the node annotations point at. */
    private final Expr arg;
    private double[] scratch = new double[16];

    private final ExtendedRates extendedRates;

    RangeFunctions(Annotations annotations, Expr arg) {
        this.annotations = annotations;
        this.arg = arg;
        this.extendedRates = new ExtendedRates(annotations, arg);
    }

    /**
     * Where {@code changes} and {@code resets} start: the first point, or for an anchored range
     * the last point at or before the range start (the anchor); -1 when nothing lies after it.
     * Packed as float index in the high half and histogram index in the low half.
     */
    private static long firstIndices(Window w) {
        if (!w.anchored) {
            return 0;
        }
        int lastFloatAtStart = -1;
        for (int i = 0; i < w.floats() && w.ft(i) <= w.rangeStart; i++) {
            lastFloatAtStart = i;
        }
        int lastHistogramAtStart = -1;
        for (int i = 0; i < w.histograms() && w.ht(i) <= w.rangeStart; i++) {
            lastHistogramAtStart = i;
        }
        if (lastFloatAtStart + 1 >= w.floats() && lastHistogramAtStart + 1 >= w.histograms()) {
            return -1;
        }
        if (lastFloatAtStart < 0 && lastHistogramAtStart < 0) {
            return 0;
        }
        if (lastHistogramAtStart < 0 || (lastFloatAtStart >= 0 && w.ft(lastFloatAtStart) >= w.ht(lastHistogramAtStart))) {
            return ((long) lastFloatAtStart << 32) | (lastHistogramAtStart + 1);
        }
        return ((long) (lastFloatAtStart + 1) << 32) | lastHistogramAtStart;
    }

    /** Evaluates {@code name} over {@code w}; {@code p0}/{@code p1} are its scalar parameters. */
    void apply(String name, Window w, double p0, double p1, Result out) {
        out.clear();
        if ((w.anchored || w.smoothed) && (name.equals("rate") || name.equals("increase") || name.equals("delta"))) {
            extendedRates.rate(w, w.smoothed, !name.equals("delta"), name.equals("rate"), out);
            return;
        }
        switch (name) {
            case "rate" -> extrapolatedRate(w, true, true, out);
            case "increase" -> extrapolatedRate(w, true, false, out);
            case "delta" -> extrapolatedRate(w, false, false, out);
            case "irate" -> instantValue(w, true, out);
            case "idelta" -> instantValue(w, false, out);
            case "count_over_time" -> out.set(w.floats() + w.histograms());
            case "present_over_time" -> out.set(1);
            case "absent_over_time" -> out.set(1);
            case "last_over_time" -> lastOverTime(w, out);
            case "first_over_time" -> firstOverTime(w, out);
            case "ts_of_last_over_time" -> tsOfLast(w, out);
            case "ts_of_first_over_time" -> tsOfFirst(w, out);
            case "sum_over_time" -> sumOverTime(w, out);
            case "avg_over_time" -> avgOverTime(w, out);
            case "max_over_time" -> compareOverTime(w, true, false, out);
            case "min_over_time" -> compareOverTime(w, false, false, out);
            case "ts_of_max_over_time" -> compareOverTime(w, true, true, out);
            case "ts_of_min_over_time" -> compareOverTime(w, false, true, out);
            case "stddev_over_time" -> varianceOverTime(w, true, out);
            case "stdvar_over_time" -> varianceOverTime(w, false, out);
            case "quantile_over_time" -> quantileOverTime(w, p0, out);
            case "mad_over_time" -> madOverTime(w, out);
            case "changes" -> changes(w, out);
            case "resets" -> resets(w, out);
            case "deriv" -> deriv(w, out);
            case "predict_linear" -> predictLinear(w, p0, out);
            case "double_exponential_smoothing", "holt_winters" -> doubleExponentialSmoothing(w, p0, p1, out);
            default -> throw new QueryException(ErrorType.BAD_DATA, "function " + name + " does not take a range vector");
        }
    }

    private void extrapolatedRate(Window w, boolean isCounter, boolean isRate, Result out) {
        int nf = w.floats();
        int nh = w.histograms();
        if (nf > 0 && nh > 0) {
            annotations.warn("encountered a mix of histograms and floats for metric name " + Annotations.quote(w.metricName()), arg);
            return;
        }
        double resultFloat = 0;
        FloatHistogram resultHistogram = null;
        long firstT;
        long lastT;
        int samplesMinusOne;
        if (nh > 0) {
            samplesMinusOne = nh - 1;
            firstT = w.ht(0);
            lastT = w.ht(nh - 1);
            if (nh > 1) {
                resultHistogram = histogramRate(w, isCounter);
                if (resultHistogram == null) {
                    return;
                }
            }
        } else if (nf > 0) {
            samplesMinusOne = nf - 1;
            firstT = w.ft(0);
            lastT = w.ft(nf - 1);
            resultFloat = w.f(nf - 1) - w.f(0);
            if (isCounter) {
                boolean overlapWarned = false;
                for (int i = 1; i < nf; i++) {
                    if (!overlapWarned && StartTimestamps.overlaps(w.fst(i - 1), w.ft(i - 1), w.fst(i))) {
                        annotations.warn(StartTimestamps.overlapWarning(w.metricName()), arg);
                        overlapWarned = true;
                    }
                    if (w.f(i) < w.f(i - 1) || StartTimestamps.isReset(w.fst(i - 1), w.ft(i - 1), w.fst(i), w.ft(i))) {
                        resultFloat += w.f(i - 1);
                    }
                }
            }
        } else {
            return;
        }
        double durationToStart = (firstT - w.rangeStart) / 1000.0;
        double durationToEnd = (w.rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageDurationBetweenSamples = samplesMinusOne > 0 ? sampledInterval / samplesMinusOne : 0;
        double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
        long firstStart = nh > 0 ? w.hst(0) : w.fst(0);
        if (isCounter && firstStart != 0 && firstStart > w.rangeStart && firstStart < firstT) {
            // The first sample's count began inside the range: count from a zero at its start
            // instead of extrapolating to the left. With one sample there is no spacing to
            // extrapolate right by either (the threshold is 0).
            durationToStart = 0;
            sampledInterval = (lastT - firstStart) / 1000.0;
            if (nf > 0) {
                resultFloat += w.f(0);
            } else if (resultHistogram == null) {
                resultHistogram = w.h(0).copy();
            } else if (!addFirstHistogram(resultHistogram, w.h(0), w.metricName())) {
                return;
            }
        } else if (samplesMinusOne == 0) {
            return;
        } else {
            durationToStart = extrapolatedStart(w, durationToStart, averageDurationBetweenSamples, extrapolationThreshold,
                    sampledInterval, isCounter, resultFloat, resultHistogram);
        }
        if (durationToEnd >= extrapolationThreshold) {
            durationToEnd = averageDurationBetweenSamples / 2;
        }
        double factor = 1.0;
        if (sampledInterval != 0) {
            factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        }
        if (isRate) {
            factor /= w.range / 1000.0;
        }
        if (resultHistogram == null) {
            out.set(resultFloat * factor);
        } else {
            out.set(resultHistogram.mul(factor));
        }
    }

    /** Adds the window's first histogram to the increase; false (with a warning) when they cannot be combined. */
    private boolean addFirstHistogram(FloatHistogram result, FloatHistogram first, String name) {
        try {
            reportAdd(result.add(first), "addition");
            return true;
        } catch (IncompatibleHistogramsException e) {
            mixedSchemas(name);
            return false;
        }
    }

    /**
     * How far to extrapolate to the left of the first sample: to the range start when the
     * samples reach that close, else half a sample interval, and for counters never below zero.
     */
    private static double extrapolatedStart(Window w, double durationToStart, double averageDurationBetweenSamples,
                                            double extrapolationThreshold, double sampledInterval, boolean isCounter,
                                            double resultFloat, FloatHistogram resultHistogram) {
        int nf = w.floats();
        int nh = w.histograms();
        if (durationToStart >= extrapolationThreshold) {
            durationToStart = averageDurationBetweenSamples / 2;
        }
        if (isCounter) {
            double durationToZero = durationToStart;
            if (resultFloat > 0 && nf > 0 && w.f(0) >= 0) {
                durationToZero = sampledInterval * (w.f(0) / resultFloat);
            } else if (resultHistogram != null && resultHistogram.count() > 0 && nh > 0 && w.h(0).count() >= 0) {
                durationToZero = sampledInterval * (w.h(0).count() / resultHistogram.count());
            }
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        return durationToStart;
    }

    /**
     * The increase between the window's first and last histogram, with counter resets added
     * back; null (with a warning) when the histograms cannot be combined. When the second sample
     * already follows a reset, the first counts as empty, so the series starts from zero.
     */
    private FloatHistogram histogramRate(Window w, boolean isCounter) {
        int n = w.histograms();
        FloatHistogram prev = w.h(0);
        FloatHistogram last = w.h(n - 1);
        String name = w.metricName();
        boolean custom = prev.usesCustomBuckets();
        if (isCounter && (prev.counterResetHint() == CounterResetHint.GAUGE || last.counterResetHint() == CounterResetHint.GAUGE)) {
            annotations.warn("this native histogram metric is not a counter: " + Annotations.quote(name), arg);
        }
        if (isCounter) {
            FloatHistogram second = w.h(1);
            if (StartTimestamps.isReset(w.hst(0), w.ht(0), w.hst(1), w.ht(1)) || second.detectReset(prev)) {
                prev = new FloatHistogram().schema(second.schema()).customValues(second.customValues().clone());
                custom = second.usesCustomBuckets();
            }
        }
        if (last.usesCustomBuckets() != custom) {
            mixedSchemas(name);
            return null;
        }
        int minSchema = Math.min(last.schema(), prev.schema());
        for (int i = 1; i < n - 1 && isCounter; i++) {
            FloatHistogram cur = w.h(i);
            if (cur.counterResetHint() == CounterResetHint.GAUGE) {
                annotations.warn("this native histogram metric is not a counter: " + Annotations.quote(name), arg);
            }
            minSchema = Math.min(minSchema, cur.schema());
            if (cur.usesCustomBuckets() != custom) {
                mixedSchemas(name);
                return null;
            }
        }
        FloatHistogram result = last.copy();
        if (!custom && result.schema() > minSchema) {
            result.reduceResolution(minSchema);
        }
        try {
            reportAdd(result.sub(prev), "subtraction");
            if (isCounter) {
                FloatHistogram p = prev;
                boolean overlapWarned = false;
                for (int i = 1; i < n; i++) {
                    FloatHistogram cur = w.h(i);
                    if (!overlapWarned && StartTimestamps.overlaps(w.hst(i - 1), w.ht(i - 1), w.hst(i))) {
                        annotations.warn(StartTimestamps.overlapWarning(name), arg);
                        overlapWarned = true;
                    }
                    if (StartTimestamps.isReset(w.hst(i - 1), w.ht(i - 1), w.hst(i), w.ht(i)) || cur.detectReset(p)) {
                        reportAdd(result.add(p), "addition");
                    }
                    p = cur;
                }
            } else if (w.h(0).counterResetHint() != CounterResetHint.GAUGE || last.counterResetHint() != CounterResetHint.GAUGE) {
                annotations.warn("this native histogram metric is not a gauge: " + Annotations.quote(name), arg);
            }
        } catch (IncompatibleHistogramsException e) {
            mixedSchemas(name);
            return null;
        }
        result.counterResetHint(CounterResetHint.GAUGE);
        return result.compact(0);
    }

    private void mixedSchemas(String name) {
        annotations.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name "
                + Annotations.quote(name), arg);
    }

    private void reportAdd(int flags, String operation) {
        if ((flags & FloatHistogram.CUSTOM_BOUNDS_RECONCILED) != 0) {
            annotations.info("mismatched custom buckets were reconciled during " + operation, arg);
        }
    }

    private void instantValue(Window w, boolean isRate, Result out) {
        int nf = w.floats();
        int nh = w.histograms();
        if (nf + nh < 2) {
            return;
        }
        // The last two samples of either kind, in time order.
        long t0;
        long t1;
        double f0 = 0;
        double f1 = 0;
        FloatHistogram h0 = null;
        FloatHistogram h1 = null;
        long[] ts = new long[4];
        int k = 0;
        int[] kinds = new int[4];
        int[] idx = new int[4];
        for (int i = Math.max(0, nf - 2); i < nf; i++) {
            ts[k] = w.ft(i);
            kinds[k] = 0;
            idx[k++] = i;
        }
        for (int i = Math.max(0, nh - 2); i < nh; i++) {
            ts[k] = w.ht(i);
            kinds[k] = 1;
            idx[k++] = i;
        }
        // pick the newest two by timestamp
        int a = -1;
        int b = -1;
        for (int i = 0; i < k; i++) {
            if (b < 0 || ts[i] > ts[b]) {
                a = b;
                b = i;
            } else if (a < 0 || ts[i] >= ts[a]) {
                a = i;
            }
        }
        t0 = ts[a];
        t1 = ts[b];
        if (kinds[a] == 0) {
            f0 = w.f(idx[a]);
        } else {
            h0 = w.h(idx[a]);
        }
        if (kinds[b] == 0) {
            f1 = w.f(idx[b]);
        } else {
            h1 = w.h(idx[b]);
        }
        long st0 = kinds[a] == 0 ? w.fst(idx[a]) : w.hst(idx[a]);
        long st1 = kinds[b] == 0 ? w.fst(idx[b]) : w.hst(idx[b]);
        boolean startReset = StartTimestamps.isReset(st0, t0, st1, t1);
        long sampledInterval = t1 - t0;
        if (sampledInterval == 0) {
            return;
        }
        if (h0 == null && h1 == null) {
            double result = f1;
            if (!isRate || !(f1 < f0 || startReset)) {
                result = f1 - f0;
            }
            if (isRate) {
                result /= sampledInterval / 1000.0;
            }
            out.set(result);
            return;
        }
        if (h0 != null && h1 != null) {
            FloatHistogram result = h1.copy();
            String name = w.metricName();
            if (isRate && (h1.counterResetHint() == CounterResetHint.GAUGE || h0.counterResetHint() == CounterResetHint.GAUGE)) {
                annotations.warn("this native histogram metric is not a counter: " + Annotations.quote(name), arg);
            }
            if (!isRate && (h1.counterResetHint() != CounterResetHint.GAUGE || h0.counterResetHint() != CounterResetHint.GAUGE)) {
                annotations.warn("this native histogram metric is not a gauge: " + Annotations.quote(name), arg);
            }
            if (!isRate || (!startReset && !h1.detectReset(h0))) {
                try {
                    reportAdd(result.sub(h0), "subtraction");
                } catch (IncompatibleHistogramsException e) {
                    annotations.warn("vector contains a mix of histograms with exponential and custom buckets schemas for metric name " + Annotations.quote(name), arg);
                    return;
                }
            }
            result.counterResetHint(CounterResetHint.GAUGE);
            result.compact(0);
            if (isRate) {
                result.div(sampledInterval / 1000.0);
            }
            out.set(result);
            return;
        }
        annotations.warn("encountered a mix of histograms and floats for metric name " + Annotations.quote(w.metricName()), arg);
    }

    private void lastOverTime(Window w, Result out) {
        int nf = w.floats();
        int nh = w.histograms();
        if (nh == 0 || (nf > 0 && w.ht(nh - 1) < w.ft(nf - 1))) {
            out.set(w.f(nf - 1));
        } else {
            out.set(w.h(nh - 1).copy());
        }
    }

    private void firstOverTime(Window w, Result out) {
        int nf = w.floats();
        int nh = w.histograms();
        if (nh == 0 || (nf > 0 && w.ft(0) < w.ht(0))) {
            out.set(w.f(0));
        } else {
            out.set(w.h(0).copy());
        }
    }

    private void tsOfLast(Window w, Result out) {
        int nf = w.floats();
        int nh = w.histograms();
        long t = Long.MIN_VALUE;
        if (nf > 0) {
            t = w.ft(nf - 1);
        }
        if (nh > 0) {
            t = Math.max(t, w.ht(nh - 1));
        }
        out.set(t / 1000.0);
    }

    private void tsOfFirst(Window w, Result out) {
        int nf = w.floats();
        int nh = w.histograms();
        long t = Long.MAX_VALUE;
        if (nf > 0) {
            t = w.ft(0);
        }
        if (nh > 0) {
            t = Math.min(t, w.ht(0));
        }
        out.set(t / 1000.0);
    }

    private boolean mixed(Window w) {
        if (w.floats() > 0 && w.histograms() > 0) {
            annotations.warn("encountered a mix of histograms and floats for metric name " + Annotations.quote(w.metricName()), arg);
            return true;
        }
        return false;
    }

    private void ignoredHistograms(Window w) {
        if (w.histograms() > 0) {
            annotations.info("ignored histograms in a range containing both floats and histograms for metric name " + Annotations.quote(w.metricName()), arg);
        }
    }

    private void sumOverTime(Window w, Result out) {
        if (mixed(w)) {
            return;
        }
        if (w.floats() == 0) {
            histogramSum(w, false, out);
            return;
        }
        double sum = 0;
        double c = 0;
        for (int i = 0; i < w.floats(); i++) {
            double t = sum + w.f(i);
            c = KahanSum.compensation(w.f(i), sum, t, c);
            sum = t;
        }
        out.set(Double.isInfinite(sum) ? sum : sum + c);
    }

    private void histogramSum(Window w, boolean average, Result out) {
        HistogramSum sum = new HistogramSum();
        try {
            for (int i = 0; i < w.histograms(); i++) {
                sum.add(w.h(i), average);
            }
        } catch (IncompatibleHistogramsException e) {
            mixedSchemas(w.metricName());
            return;
        }
        if (sum.resetSeen && sum.notResetSeen) {
            annotations.warn("conflicting counter resets during histogram aggregation", arg);
        }
        reportAdd(sum.flags, "aggregation");
        out.set((average ? sum.average() : sum.total()).compact(0));
    }

    private void avgOverTime(Window w, Result out) {
        if (mixed(w)) {
            return;
        }
        if (w.floats() == 0) {
            histogramSum(w, true, out);
            return;
        }
        double sum = w.f(0);
        double count = 1;
        double mean = 0;
        double kahanC = 0;
        boolean incremental = false;
        for (int i = 1; i < w.floats(); i++) {
            double f = w.f(i);
            count = i + 1;
            if (!incremental) {
                double t = sum + f;
                if (!Double.isInfinite(t)) {
                    kahanC = KahanSum.compensation(f, sum, t, kahanC);
                    sum = t;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                kahanC /= count - 1;
            }
            double q = (count - 1) / count;
            double base = q * mean;
            double inc = f / count;
            double t = base + inc;
            kahanC = KahanSum.compensation(inc, base, t, q * kahanC);
            mean = t;
        }
        out.set(incremental ? mean + kahanC : sum / count + kahanC / count);
    }

    private void compareOverTime(Window w, boolean max, boolean timestamp, Result out) {
        if (w.floats() == 0) {
            return;
        }
        ignoredHistograms(w);
        double best = w.f(0);
        long bestT = w.ft(0);
        for (int i = 0; i < w.floats(); i++) {
            double f = w.f(i);
            boolean better = max ? f > best || Double.isNaN(best) : f < best || Double.isNaN(best);
            if (better) {
                best = f;
                bestT = w.ft(i);
            }
        }
        out.set(timestamp ? bestT / 1000.0 : best);
    }

    private void varianceOverTime(Window w, boolean stddev, Result out) {
        if (w.floats() == 0) {
            return;
        }
        ignoredHistograms(w);
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = 0; i < w.floats(); i++) {
            double f = w.f(i);
            count++;
            double delta = f - (mean + cMean);
            double inc = delta / count;
            double t = mean + inc;
            cMean = KahanSum.compensation(inc, mean, t, cMean);
            mean = t;
            double inc2 = delta * (f - (mean + cMean));
            double t2 = aux + inc2;
            cAux = KahanSum.compensation(inc2, aux, t2, cAux);
            aux = t2;
        }
        double variance = (aux + cAux) / count;
        out.set(stddev ? Math.sqrt(variance) : variance);
    }

    private void quantileOverTime(Window w, double q, Result out) {
        if (w.floats() == 0) {
            return;
        }
        if (Double.isNaN(q) || q < 0 || q > 1) {
            annotations.warn("quantile value should be between 0 and 1, got " + GoFormat.g(q), arg);
        }
        ignoredHistograms(w);
        double[] values = values(w);
        out.set(Quantiles.quantile(q, values, w.floats()));
    }

    private void madOverTime(Window w, Result out) {
        if (w.floats() == 0) {
            return;
        }
        ignoredHistograms(w);
        int n = w.floats();
        double[] values = values(w);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) {
                out.set(Double.NaN);
                return;
            }
        }
        double median = Quantiles.quantile(0.5, values, n);
        for (int i = 0; i < n; i++) {
            values[i] = Math.abs(values[i] - median);
        }
        out.set(Quantiles.quantile(0.5, values, n));
    }

    private double[] values(Window w) {
        int n = w.floats();
        if (scratch.length < n) {
            scratch = new double[Math.max(n, scratch.length * 2)];
        }
        System.arraycopy(w.series.floats, w.floatFrom, scratch, 0, n);
        return scratch;
    }

    private void changes(Window w, Result out) {
        countTransitions(w, false, out);
    }

    private void resets(Window w, Result out) {
        countTransitions(w, true, out);
    }

    /**
     * Walks the window's floats and histograms together in time order and counts, between
     * neighbours, value changes ({@code changes}) or counter resets ({@code resets}); a switch
     * between a float and a histogram counts as either.
     */
    private void countTransitions(Window w, boolean resets, Result out) {
        long firsts = firstIndices(w);
        if (firsts < 0) {
            return;
        }
        int count = 0;
        int fi = (int) (firsts >>> 32);
        int hi = (int) firsts;
        int nf = w.floats();
        int nh = w.histograms();
        boolean havePrev = false;
        double prevF = 0;
        FloatHistogram prevH = null;
        long prevT = 0;
        long prevStart = 0;
        while (fi < nf || hi < nh) {
            double f = 0;
            FloatHistogram h = null;
            long t;
            long start;
            if (hi >= nh || (fi < nf && w.ft(fi) < w.ht(hi))) {
                t = w.ft(fi);
                start = w.fst(fi);
                f = w.f(fi++);
            } else {
                t = w.ht(hi);
                start = w.hst(hi);
                h = w.h(hi++);
            }
            if (havePrev) {
                boolean transition;
                boolean startReset = resets && StartTimestamps.isReset(prevStart, prevT, start, t);
                if (prevH == null && h == null) {
                    transition = resets ? f < prevF || startReset : f != prevF && !(Double.isNaN(f) && Double.isNaN(prevF));
                } else if (prevH == null || h == null) {
                    transition = true;
                } else {
                    transition = resets ? startReset || h.detectReset(prevH) : !HistogramEquality.equal(h, prevH);
                }
                if (transition) {
                    count++;
                }
            }
            havePrev = true;
            prevF = f;
            prevH = h;
            prevT = t;
            prevStart = start;
        }
        out.set(count);
    }

    private void deriv(Window w, Result out) {
        if (w.floats() < 2) {
            if (w.floats() == 1) {
                ignoredHistograms(w);
            }
            return;
        }
        double[] r = linearRegression(w, w.ft(0));
        ignoredHistograms(w);
        out.set(r[0]);
    }

    private void predictLinear(Window w, double duration, Result out) {
        if (w.floats() < 2) {
            if (w.floats() == 1) {
                ignoredHistograms(w);
            }
            return;
        }
        double[] r = linearRegression(w, w.ts);
        ignoredHistograms(w);
        out.set(r[0] * duration + r[1]);
    }

    private final double[] regression = new double[2];

    /** Least-squares slope and intercept of the window's floats, x in seconds from {@code interceptTime}. */
    private double[] linearRegression(Window w, long interceptTime) {
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        double initY = w.f(0);
        boolean constY = true;
        for (int i = 0; i < w.floats(); i++) {
            double y = w.f(i);
            if (constY && i > 0 && y != initY) {
                constY = false;
            }
            n += 1;
            double x = (w.ft(i) - interceptTime) / 1e3;
            double t = sumX + x;
            cX = KahanSum.compensation(x, sumX, t, cX);
            sumX = t;
            t = sumY + y;
            cY = KahanSum.compensation(y, sumY, t, cY);
            sumY = t;
            double xy = x * y;
            t = sumXY + xy;
            cXY = KahanSum.compensation(xy, sumXY, t, cXY);
            sumXY = t;
            double x2 = x * x;
            t = sumX2 + x2;
            cX2 = KahanSum.compensation(x2, sumX2, t, cX2);
            sumX2 = t;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                regression[0] = Double.NaN;
                regression[1] = Double.NaN;
            } else {
                regression[0] = 0;
                regression[1] = initY;
            }
            return regression;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        regression[0] = slope;
        regression[1] = sumY / n - slope * sumX / n;
        return regression;
    }

    private void doubleExponentialSmoothing(Window w, double sf, double tf, Result out) {
        if (sf <= 0 || sf >= 1) {
            throw new QueryException(ErrorType.EXECUTION, "invalid smoothing factor. Expected: 0 < sf < 1, got: " + GoFormat.f6(sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw new QueryException(ErrorType.EXECUTION, "invalid trend factor. Expected: 0 < tf < 1, got: " + GoFormat.f6(tf));
        }
        int l = w.floats();
        if (l < 2) {
            if (l == 1) {
                ignoredHistograms(w);
            }
            return;
        }
        double s0 = 0;
        double s1 = w.f(0);
        double b = w.f(1) - w.f(0);
        for (int i = 1; i < l; i++) {
            double x = sf * w.f(i);
            if (i - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        ignoredHistograms(w);
        out.set(s1);
    }

}
