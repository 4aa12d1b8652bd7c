package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code load_with_nhcb} adds: native histograms with custom buckets built from the classic
 * histogram series of the block ({@code x_bucket{le=...}}, {@code x_count}, {@code x_sum}), one
 * per timestamp at which any of them has a float, stored under the series without the suffix
 * and without {@code le}. Stateless.
 */
final class ClassicHistogramConversion {

    /** One derived series: its labels and its histograms in time order. */
    record Converted(Labels labels, long[] timestamps, FloatHistogram[] histograms) {
    }

    private static final int BUCKET = 0;
    private static final int SUM = 1;
    private static final int COUNT = 2;

    private ClassicHistogramConversion() {
    }

    /**
     * @throws IllegalArgumentException when the classic series do not describe valid histograms
     *     (decreasing or negative cumulative counts, a count that disagrees with the +Inf bucket)
     */
    static List<Converted> convert(List<SeriesLine> series, long intervalMillis) {
        Map<Labels, TreeMap<Long, Parts>> byHistogram = new LinkedHashMap<>();
        for (SeriesLine s : series) {
            collect(s, intervalMillis, byHistogram);
        }
        List<Converted> out = new ArrayList<>();
        for (Map.Entry<Labels, TreeMap<Long, Parts>> e : byHistogram.entrySet()) {
            long[] timestamps = new long[e.getValue().size()];
            FloatHistogram[] histograms = new FloatHistogram[timestamps.length];
            int n = 0;
            for (Map.Entry<Long, Parts> p : e.getValue().entrySet()) {
                timestamps[n] = p.getKey();
                histograms[n++] = p.getValue().toHistogram();
            }
            out.add(new Converted(e.getKey(), timestamps, histograms));
        }
        return out;
    }

    /** Adds the floats of one {@code _bucket}, {@code _sum} or {@code _count} series to its histogram's parts. */
    private static void collect(SeriesLine s, long intervalMillis, Map<Labels, TreeMap<Long, Parts>> byHistogram) {
        String name = s.labels().metricName();
        if (name == null) {
            return;
        }
        int kind;
        double le = 0;
        if (name.endsWith("_bucket")) {
            kind = BUCKET;
            String text = s.labels().get("le");
            if (text == null) {
                throw new IllegalArgumentException("series " + s.labels() + " has no le label");
            }
            try {
                le = parseGoFloat(text);
            } catch (NumberFormatException e) {
                return;
            }
            if (Double.isNaN(le)) {
                return;
            }
        } else if (name.endsWith("_sum")) {
            kind = SUM;
        } else if (name.endsWith("_count")) {
            kind = COUNT;
        } else {
            return;
        }
        String base = name.substring(0, name.lastIndexOf('_'));
        Labels target = s.labels().toBuilder().set(Labels.METRIC_NAME, base).remove("le").build();
        TreeMap<Long, Parts> byTime = byHistogram.computeIfAbsent(target, k -> new TreeMap<>());
        ValueSequence values = s.values();
        for (int i = 0; i < values.size(); i++) {
            if (values.kind(i) == ValueSequence.FLOAT) {
                byTime.computeIfAbsent(i * intervalMillis, k -> new Parts()).set(kind, le, values.floatAt(i));
            }
        }
    }

    /** Go's float syntax as {@code le} values use it: also {@code +Inf}, {@code Inf}, {@code NaN} in any case. */
    private static double parseGoFloat(String text) {
        String t = text.strip();
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!t.equals(text) || t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")) {
            throw new NumberFormatException(text);
        }
        return Double.parseDouble(t);
    }

    /** The classic series' values at one timestamp. */
    private static final class Parts {
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        double count;
        boolean hasCount;
        double sum;

        void set(int kind, double le, double v) {
            switch (kind) {
                case BUCKET -> {
                    if (v < 0) {
                        throw new IllegalArgumentException("bucket count must be non-negative: le=" + le + ", count=" + v);
                    }
                    buckets.putIfAbsent(le, v);
                }
                case SUM -> sum = v;
                default -> {
                    if (v < 0) {
                        throw new IllegalArgumentException("count must be non-negative: count=" + v);
                    }
                    count = v;
                    hasCount = true;
                }
            }
        }

        FloatHistogram toHistogram() {
            if (!hasCount) {
                if (buckets.isEmpty()) {
                    throw new IllegalArgumentException("count must be provided when no buckets are present");
                }
                count = buckets.lastEntry().getValue();
            }
            if (buckets.isEmpty() || buckets.lastKey() != Double.POSITIVE_INFINITY) {
                buckets.put(Double.POSITIVE_INFINITY, count);
            }
            double[] bounds = new double[buckets.size() - 1];
            double[] counts = new double[buckets.size()];
            double previous = 0;
            int i = 0;
            for (Map.Entry<Double, Double> b : buckets.entrySet()) {
                if (b.getValue() < previous) {
                    throw new IllegalArgumentException("count is not cumulative: " + b.getValue() + " < " + previous);
                }
                counts[i] = b.getValue() - previous;
                previous = b.getValue();
                if (b.getKey() != Double.POSITIVE_INFINITY) {
                    bounds[i] = b.getKey();
                }
                i++;
            }
            if (count != previous) {
                throw new IllegalArgumentException("count mismatch: count=" + count + " != le=+Inf count=" + previous);
            }
            return populated(counts).schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(bounds).count(count).sum(sum)
                    .counterResetHint(CounterResetHint.UNKNOWN);
        }

        /** The custom buckets with every empty bucket left out of the spans. */
        private static FloatHistogram populated(double[] counts) {
            List<Span> spans = new ArrayList<>();
            double[] kept = new double[counts.length];
            int n = 0;
            int previousEnd = 0;
            int runStart = -1;
            for (int i = 0; i <= counts.length; i++) {
                boolean populated = i < counts.length && counts[i] != 0;
                if (populated) {
                    kept[n++] = counts[i];
                    if (runStart < 0) {
                        runStart = i;
                    }
                } else if (runStart >= 0) {
                    spans.add(new Span(runStart - previousEnd, i - runStart));
                    previousEnd = i;
                    runStart = -1;
                }
            }
            return new FloatHistogram().positiveSpans(spans.toArray(Span[]::new))
                    .positiveBuckets(java.util.Arrays.copyOf(kept, n));
        }
    }
}
