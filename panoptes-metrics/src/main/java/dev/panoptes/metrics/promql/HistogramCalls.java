package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.BucketCursor;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.histogram.ClassicBucketFunctions;
import dev.panoptes.metrics.promql.histogram.ClassicQuantile;
import dev.panoptes.metrics.promql.histogram.HistogramEstimate;
import dev.panoptes.metrics.promql.histogram.NanObservations;
import dev.panoptes.metrics.promql.histogram.NativeHistogramFunctions;
import dev.panoptes.metrics.promql.parser.Expr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The histogram functions that need more than a field of a sample: {@code histogram_quantile}
 * and {@code histogram_quantiles} over classic buckets (series grouped by everything but
 * {@code le}) and native histograms, {@code histogram_fraction}, {@code histogram_stddev} and
 * {@code histogram_stdvar}. The arithmetic lives in {@code promql.histogram}; this class groups
 * samples, chooses the kind, and raises Prometheus' annotations.
 */
final class HistogramCalls {

    private final Evaluation ev;
    private final Expr.Call call;
    private final BucketCursor cursor = new BucketCursor();

    private HistogramCalls(Evaluation ev, Expr.Call call) {
        this.ev = ev;
        this.call = call;
    }

    static List<StepSample> apply(Evaluation ev, Expr.Call call, List<List<StepSample>> args, long ts) {
        HistogramCalls calls = new HistogramCalls(ev, call);
        String name = call.function().name();
        return switch (name) {
            case "histogram_quantile" -> calls.quantile(first(args.get(0)), args.get(1), call.args().get(1), ts);
            case "histogram_fraction" -> calls.fraction(first(args.get(0)), first(args.get(1)), args.get(2), call.args().get(2));
            case "histogram_stddev" -> calls.variance(args.get(0), true);
            case "histogram_stdvar" -> calls.variance(args.get(0), false);
            case "histogram_quantiles" -> calls.quantiles(args, ts);
            default -> throw new QueryException(ErrorType.BAD_DATA, "unknown function " + name);
        };
    }

    private static double first(List<StepSample> v) {
        return v.isEmpty() ? Double.NaN : v.get(0).f();
    }

    /** One classic histogram's buckets at a step. */
    private static final class ClassicBuckets {
        final Labels labels;
        double[] bounds = new double[8];
        double[] counts = new double[8];
        int n;

        ClassicBuckets(Labels labels) {
            this.labels = labels;
        }

        void add(double bound, double count) {
            if (n == bounds.length) {
                bounds = java.util.Arrays.copyOf(bounds, n * 2);
                counts = java.util.Arrays.copyOf(counts, n * 2);
            }
            bounds[n] = bound;
            counts[n++] = count;
        }
    }

    /** Splits a vector into classic bucket groups and native histograms, as Prometheus does. */
    private final class Split {
        final Map<Labels, ClassicBuckets> classic = new LinkedHashMap<>();
        final List<StepSample> natives = new ArrayList<>();

        Split(List<StepSample> in, Expr arg) {
            for (StepSample s : in) {
                if (s.isHistogram()) {
                    natives.add(s);
                    continue;
                }
                String le = s.labels().get("le");
                double bound;
                try {
                    bound = le == null ? Double.NaN : parseBound(le);
                } catch (NumberFormatException e) {
                    bound = Double.NaN;
                }
                if (le == null || (Double.isNaN(bound) && !le.equalsIgnoreCase("nan"))) {
                    String metric = s.labels().metricName();
                    ev.annotations.warn("bucket label \"le\" is missing or has a malformed value of "
                            + Annotations.quote(le == null ? "" : le) + forMetric(metric), arg);
                    continue;
                }
                Labels key = s.labels().without("le");
                classic.computeIfAbsent(key, k -> new ClassicBuckets(k.withoutMetricName().equals(k) ? k : k))
                        .add(bound, s.f());
            }
            List<StepSample> kept = new ArrayList<>(natives.size());
            for (StepSample s : natives) {
                ClassicBuckets clash = classic.get(s.labels());
                if (clash != null && clash.n > 0) {
                    String metric = s.labels().metricName();
                    ev.annotations.warn("vector contains a mix of classic and native histograms" + forMetric(metric), arg);
                    classic.remove(s.labels());
                    continue;
                }
                kept.add(s);
            }
            natives.clear();
            natives.addAll(kept);
        }
    }

    private static String forMetric(String metric) {
        return metric == null || metric.isEmpty() ? "" : " for metric name " + Annotations.quote(metric);
    }

    /** Go's ParseFloat as PromQL reads {@code le}: decimal, exponent, Inf and NaN in any case. */
    static double parseBound(String s) {
        String t = s.trim();
        if (t.equalsIgnoreCase("+inf") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("+infinity") || t.equalsIgnoreCase("infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("-inf") || t.equalsIgnoreCase("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (t.isEmpty() || !t.equals(s) || t.endsWith("d") || t.endsWith("f") || t.endsWith("D") || t.endsWith("F")) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(t);
    }

    private void validateQuantile(double q, Expr arg) {
        if (Double.isNaN(q) || q < 0 || q > 1) {
            ev.annotations.warn("quantile value should be between 0 and 1, got " + GoFormat.g(q), arg);
        }
    }

    private List<StepSample> quantile(double q, List<StepSample> in, Expr arg, long ts) {
        validateQuantile(q, call.args().get(0));
        Split split = new Split(in, arg);
        List<StepSample> out = new ArrayList<>();
        for (StepSample s : split.natives) {
            out.add(new StepSample(s.labels(), nativeQuantile(q, s, arg), null, true));
        }
        for (ClassicBuckets b : split.classic.values()) {
            if (b.n > 0) {
                out.add(new StepSample(b.labels, classicQuantile(q, b, arg, ts), null, true));
            }
        }
        return out;
    }

    private double nativeQuantile(double q, StepSample s, Expr arg) {
        HistogramEstimate e = NativeHistogramFunctions.quantile(q, s.histogram(), cursor);
        String metric = s.labels().metricName();
        if (e.nanObservations() == NanObservations.QUANTILE_IS_NAN) {
            ev.annotations.info("input to histogram_quantile has NaN observations, result is NaN" + forMetric(metric), arg);
        } else if (e.nanObservations() == NanObservations.QUANTILE_SKEWED_HIGHER) {
            ev.annotations.info("input to histogram_quantile has NaN observations, result is skewed higher" + forMetric(metric), arg);
        }
        return e.value();
    }

    private double classicQuantile(double q, ClassicBuckets b, Expr arg, long ts) {
        ClassicQuantile r = ClassicBucketFunctions.quantile(q, b.bounds, b.counts, b.n);
        if (r.forcedMonotonic()) {
            ev.annotations.monotonicityFixed(b.labels.metricName(), arg, ts, r.minBucket(), r.maxBucket(), r.maxDiff());
        }
        return r.value();
    }

    private List<StepSample> quantiles(List<List<StepSample>> args, long ts) {
        String label = FunctionCalls.stringArg(call.args().get(1));
        Expr arg = call.args().get(0);
        List<Double> qs = new ArrayList<>();
        for (int i = 2; i < args.size(); i++) {
            double q = first(args.get(i));
            validateQuantile(q, call.args().get(i));
            qs.add(q);
        }
        Split split = new Split(args.get(0), arg);
        List<StepSample> out = new ArrayList<>();
        for (double q : qs) {
            String qText = OpenMetricsFloat.format(q);
            for (StepSample s : split.natives) {
                Labels labels = s.labels().toBuilder().set(label, qText).build();
                out.add(new StepSample(labels, nativeQuantile(q, s, arg), null, true));
            }
            for (ClassicBuckets b : split.classic.values()) {
                if (b.n > 0) {
                    ClassicBuckets copy = new ClassicBuckets(b.labels);
                    for (int i = 0; i < b.n; i++) {
                        copy.add(b.bounds[i], b.counts[i]);
                    }
                    Labels labels = b.labels.toBuilder().set(label, qText).build();
                    out.add(new StepSample(labels, classicQuantile(q, copy, arg, ts), null, true));
                }
            }
        }
        return out;
    }

    private List<StepSample> fraction(double lower, double upper, List<StepSample> in, Expr arg) {
        Split split = new Split(in, arg);
        List<StepSample> out = new ArrayList<>();
        for (StepSample s : split.natives) {
            HistogramEstimate e = NativeHistogramFunctions.fraction(lower, upper, s.histogram(), cursor);
            if (e.nanObservations() == NanObservations.EXCLUDED_FROM_FRACTION) {
                ev.annotations.info("input to histogram_fraction has NaN observations, which are excluded from all fractions"
                        + forMetric(s.labels().metricName()), arg);
            }
            out.add(new StepSample(s.labels(), e.value(), null, true));
        }
        for (ClassicBuckets b : split.classic.values()) {
            if (b.n > 0) {
                out.add(new StepSample(b.labels, ClassicBucketFunctions.fraction(lower, upper, b.bounds, b.counts, b.n), null, true));
            }
        }
        return out;
    }

    private List<StepSample> variance(List<StepSample> in, boolean stddev) {
        List<StepSample> out = new ArrayList<>(in.size());
        for (StepSample s : in) {
            if (s.isHistogram()) {
                FloatHistogram h = s.histogram();
                double v = stddev ? NativeHistogramFunctions.stddev(h, cursor) : NativeHistogramFunctions.stdvar(h, cursor);
                out.add(new StepSample(s.labels(), v, null, true));
            }
        }
        return out;
    }
}
