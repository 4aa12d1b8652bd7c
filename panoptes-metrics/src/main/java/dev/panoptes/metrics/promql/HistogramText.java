package dev.panoptes.metrics.promql;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The text form of a native histogram that {@code count_values} puts in its label, as
 * Prometheus prints a float histogram: {@code {count:3, sum:5, [-2,-1):1, [-0.001,0.001]:1,
 * (1,2]:1}}, non-empty buckets only, negative ones from the most negative.
 */
final class HistogramText {

    private HistogramText() {
    }

    static String format(FloatHistogram h) {
        StringBuilder sb = new StringBuilder();
        sb.append("{count:").append(GoFormat.g(h.count())).append(", sum:").append(GoFormat.g(h.sum()));
        List<String> negative = new ArrayList<>();
        walk(h, h.negativeSpans(), h.negativeBuckets(), true, negative);
        for (int i = negative.size() - 1; i >= 0; i--) {
            sb.append(", ").append(negative.get(i));
        }
        if (h.zeroCount() != 0) {
            sb.append(", [").append(GoFormat.g(-h.zeroThreshold())).append(',').append(GoFormat.g(h.zeroThreshold()))
                    .append("]:").append(GoFormat.g(h.zeroCount()));
        }
        List<String> positive = new ArrayList<>();
        walk(h, h.positiveSpans(), h.positiveBuckets(), false, positive);
        for (String b : positive) {
            sb.append(", ").append(b);
        }
        return sb.append('}').toString();
    }

    private static void walk(FloatHistogram h, Span[] spans, double[] counts, boolean negative, List<String> out) {
        int index = 0;
        int k = 0;
        for (int s = 0; s < spans.length; s++) {
            index += spans[s].offset();
            for (int j = 0; j < spans[s].length(); j++, index++, k++) {
                double count = counts[k];
                if (count == 0) {
                    continue;
                }
                double lower = lowerBound(h, index);
                double upper = upperBound(h, index);
                if (negative) {
                    out.add("[" + GoFormat.g(-upper) + "," + GoFormat.g(-lower) + "):" + GoFormat.g(count));
                } else {
                    out.add("(" + GoFormat.g(lower) + "," + GoFormat.g(upper) + "]:" + GoFormat.g(count));
                }
            }
        }
    }

    static double upperBound(FloatHistogram h, int index) {
        if (h.usesCustomBuckets()) {
            double[] cv = h.customValues();
            return index < cv.length ? cv[index] : Double.POSITIVE_INFINITY;
        }
        return Math.pow(2, index * Math.pow(2, -h.schema()));
    }

    static double lowerBound(FloatHistogram h, int index) {
        if (h.usesCustomBuckets()) {
            return index == 0 ? Double.NEGATIVE_INFINITY : h.customValues()[index - 1];
        }
        return Math.pow(2, (index - 1) * Math.pow(2, -h.schema()));
    }
}
