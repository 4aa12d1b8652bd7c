package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.labels.Utf8LabelOrder;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.Matrix;
import dev.panoptes.metrics.promql.RangeSeries;
import dev.panoptes.metrics.promql.Sample;
import dev.panoptes.metrics.promql.Scalar;
import dev.panoptes.metrics.promql.StringValue;
import dev.panoptes.metrics.promql.Value;
import dev.panoptes.metrics.promql.Vector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares an engine's value with an eval's expected result lines: the same set of label sets,
 * each value equal by {@link ValueEquality}, order only with {@code expect ordered}, and a
 * matrix sorted by labels. Stateless.
 */
final class ResultComparison {

    private ResultComparison() {
    }

    /** Null when {@code actual} is what {@code eval} expects, else what differs. */
    static String compare(EvalCommand eval, Value actual) {
        return switch (actual) {
            case Matrix m -> matrix(eval, m);
            case Vector v -> vector(eval, v.samples());
            case Scalar s -> {
                if (!eval.expectScalar()) {
                    yield "expected a vector or matrix, got scalar " + ValueText.formatFloat(s.value());
                }
                yield ValueEquality.floats(eval.scalar(), s.value()) ? null
                        : "expected scalar " + ValueText.formatFloat(eval.scalar()) + ", got " + ValueText.formatFloat(s.value());
            }
            case StringValue s -> {
                String want = eval.expect().expectedString();
                yield s.value().equals(want == null ? "" : want) ? null
                        : "expected string \"" + (want == null ? "" : want) + "\", got \"" + s.value() + "\"";
            }
        };
    }

    /** Null when the series are sorted as range query results must be, else which pair is not. */
    static String sortedness(Matrix m) {
        List<RangeSeries> series = m.series();
        for (int i = 0; i + 1 < series.size(); i++) {
            if (Utf8LabelOrder.compare(series.get(i).labels(), series.get(i + 1).labels()) > 0) {
                return "matrix is not sorted by labels: " + series.get(i).labels() + " (index " + i + ") comes before "
                        + series.get(i + 1).labels();
            }
        }
        return null;
    }

    private static Map<Labels, EvalCommand.ExpectedSeries> expectedByLabels(EvalCommand eval) {
        Map<Labels, EvalCommand.ExpectedSeries> byLabels = new HashMap<>();
        for (EvalCommand.ExpectedSeries e : eval.expected()) {
            byLabels.put(e.series().labels(), e);
        }
        return byLabels;
    }

    static String vector(EvalCommand eval, List<Sample> samples) {
        if (eval.expectScalar()) {
            return "expected scalar " + ValueText.formatFloat(eval.scalar()) + ", got a vector of " + samples.size() + " samples";
        }
        Map<Labels, EvalCommand.ExpectedSeries> expected = expectedByLabels(eval);
        Set<Labels> seen = new HashSet<>();
        for (int pos = 0; pos < samples.size(); pos++) {
            Sample s = samples.get(pos);
            EvalCommand.ExpectedSeries e = expected.get(s.labels());
            String got = s.isHistogram() ? ValueText.formatHistogram(s.histogram()) : ValueText.formatFloat(s.value());
            if (e == null) {
                return "unexpected series " + s.labels() + " " + got;
            }
            if (eval.expect().ordered() && e.position() != pos + 1) {
                return "expected " + s.labels() + " at position " + e.position() + ", it was at " + (pos + 1);
            }
            ValueSequence values = e.series().values();
            if (values.size() == 0) {
                return "expected series " + s.labels() + " lists no value";
            }
            if (values.kind(0) == ValueSequence.HISTOGRAM) {
                if (!s.isHistogram()) {
                    return "expected histogram " + values.describe(0) + " for " + s.labels() + ", got float " + got;
                }
                if (!ValueEquality.histograms(values.histogramAt(0), s.histogram(), values.hintStatedAt(0))) {
                    return "expected " + values.describe(0) + " for " + s.labels() + ", got " + got;
                }
            } else {
                if (s.isHistogram()) {
                    return "expected float " + values.describe(0) + " for " + s.labels() + ", got histogram " + got;
                }
                double want = values.kind(0) == ValueSequence.FLOAT ? values.floatAt(0) : 0;
                if (!ValueEquality.floats(want, s.value())) {
                    return "expected " + values.describe(0) + " for " + s.labels() + ", got " + got;
                }
            }
            seen.add(s.labels());
        }
        for (EvalCommand.ExpectedSeries e : eval.expected()) {
            if (!seen.contains(e.series().labels())) {
                return "expected series " + e.series().labels() + " " + e.series().values().describe(0) + " is missing";
            }
        }
        return null;
    }

    private static String matrix(EvalCommand eval, Matrix m) {
        if (eval.expect().ordered()) {
            return "expected an ordered vector, got a matrix";
        }
        if (eval.expectScalar()) {
            return "expected scalar " + ValueText.formatFloat(eval.scalar()) + ", got a matrix of " + m.series().size() + " series";
        }
        String unsorted = sortedness(m);
        if (unsorted != null) {
            return unsorted;
        }
        Map<Labels, EvalCommand.ExpectedSeries> expected = expectedByLabels(eval);
        Set<Labels> seen = new HashSet<>();
        for (RangeSeries s : m.series()) {
            EvalCommand.ExpectedSeries e = expected.get(s.labels());
            if (e == null) {
                return "unexpected series " + s.labels() + " " + describe(s);
            }
            seen.add(s.labels());
            String difference = points(eval, e.series().values(), s);
            if (difference != null) {
                return difference;
            }
        }
        for (EvalCommand.ExpectedSeries e : eval.expected()) {
            if (!seen.contains(e.series().labels())) {
                return "expected series " + e.series().labels() + " is missing";
            }
        }
        return null;
    }

    private static String points(EvalCommand eval, ValueSequence values, RangeSeries s) {
        int floats = 0;
        int histograms = 0;
        for (int i = 0; i < values.size(); i++) {
            if (eval.start() + i * eval.step() > eval.end()) {
                return "expected " + values.size() + " points for " + s.labels() + ", more than the query range has steps";
            }
            if (values.kind(i) == ValueSequence.FLOAT) {
                floats++;
            } else if (values.kind(i) == ValueSequence.HISTOGRAM) {
                histograms++;
            }
        }
        if (floats != s.floatCount() || histograms != s.histogramCount()) {
            return "expected " + floats + " float and " + histograms + " histogram points for " + s.labels() + ", got "
                    + describe(s);
        }
        int f = 0;
        int h = 0;
        for (int i = 0; i < values.size(); i++) {
            long t = eval.start() + i * eval.step();
            if (values.kind(i) == ValueSequence.FLOAT) {
                if (s.floatTimestamps()[f] != t || !ValueEquality.floats(values.floatAt(i), s.floats()[f])) {
                    return "expected " + values.describe(i) + " at t=" + t + " for " + s.labels() + ", got "
                            + ValueText.formatFloat(s.floats()[f]) + " at t=" + s.floatTimestamps()[f] + " (" + describe(s) + ")";
                }
                f++;
            } else if (values.kind(i) == ValueSequence.HISTOGRAM) {
                FloatHistogram got = s.histograms()[h];
                if (s.histogramTimestamps()[h] != t || !ValueEquality.histograms(values.histogramAt(i), got, values.hintStatedAt(i))) {
                    return "expected " + values.describe(i) + " at t=" + t + " for " + s.labels() + ", got "
                            + ValueText.formatHistogram(got) + " at t=" + s.histogramTimestamps()[h];
                }
                h++;
            }
        }
        return null;
    }

    private static String describe(RangeSeries s) {
        StringBuilder out = new StringBuilder();
        out.append(s.floatCount()).append(" floats [");
        for (int i = 0; i < s.floatCount() && i < 20; i++) {
            out.append(i > 0 ? " " : "").append(ValueText.formatFloat(s.floats()[i])).append('@').append(s.floatTimestamps()[i]);
        }
        out.append(s.floatCount() > 20 ? " ...]" : "]").append(", ").append(s.histogramCount()).append(" histograms");
        for (int i = 0; i < s.histogramCount() && i < 3; i++) {
            out.append(' ').append(ValueText.formatHistogram(s.histograms()[i])).append('@').append(s.histogramTimestamps()[i]);
        }
        return out.toString();
    }
}
