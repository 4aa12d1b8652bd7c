package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.labels.Utf8LabelOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.Matrix;
import dev.panoptes.metrics.promql.RangeSeries;
import dev.panoptes.metrics.promql.Sample;
import dev.panoptes.metrics.promql.Scalar;
import dev.panoptes.metrics.promql.Vector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {

    private static EvalCommand eval(String script) throws ScriptParseException {
        return (EvalCommand) ScriptParser.parse(script).commands().getFirst();
    }

    private static RangeSeries series(Labels labels, long[] t, double[] v) {
        return new RangeSeries(labels, t, v, new long[0], new FloatHistogram[0]);
    }

    @Test
    void vectorsCompareAsSetsUnlessOrdered() throws ScriptParseException {
        Vector v = new Vector(List.of(Sample.ofFloat(Labels.of("a", "2"), 0, 2), Sample.ofFloat(Labels.of("a", "1"), 0, 1)));
        String lines = "\n  {a=\"1\"} 1\n  {a=\"2\"} 2\n";
        assertThat(ResultComparison.compare(eval("eval instant at 0 x" + lines), v)).isNull();
        assertThat(ResultComparison.compare(eval("eval instant at 0 x\n  expect ordered" + lines), v))
                .isEqualTo("expected {a=\"2\"} at position 2, it was at 1");
        assertThat(ResultComparison.compare(eval("eval instant at 0 x\n  {a=\"1\"} 1\n"), v)).startsWith("unexpected series {a=\"2\"}");
        assertThat(ResultComparison.compare(eval("eval instant at 0 x" + lines + "  {a=\"3\"} 3\n"), v))
                .startsWith("expected series {a=\"3\"}");
    }

    @Test
    void aScalarIsNeverAnEmptyResult() throws ScriptParseException {
        assertThat(ResultComparison.compare(eval("eval instant at 0 1\n"), new Scalar(0, 1)))
                .startsWith("expected a vector or matrix");
        assertThat(ResultComparison.compare(eval("eval instant at 0 1\n  1\n"), new Vector(List.of())))
                .startsWith("expected scalar 1");
    }

    @Test
    void matrixPointsLieOnTheEvalGridAndOmittedStepsHaveNone() throws ScriptParseException {
        EvalCommand e = eval("eval range from 0 to 2m step 1m x\n  {a=\"1\"} 1 _ 3\n");
        Labels a = Labels.of("a", "1");
        assertThat(ResultComparison.compare(e, new Matrix(List.of(series(a, new long[] {0, 120_000}, new double[] {1, 3}))))).isNull();
        assertThat(ResultComparison.compare(e, new Matrix(List.of(series(a, new long[] {0, 60_000}, new double[] {1, 3})))))
                .startsWith("expected 3 at t=120000");
        assertThat(ResultComparison.compare(e, new Matrix(List.of(series(a, new long[] {0, 60_000, 120_000}, new double[] {1, 2, 3})))))
                .startsWith("expected 2 float and 0 histogram points");
        EvalCommand tooMany = eval("eval range from 0 to 1m step 1m x\n  {a=\"1\"} 1 2 3\n");
        assertThat(ResultComparison.compare(tooMany, new Matrix(List.of(series(a, new long[] {0}, new double[] {1})))))
                .contains("more than the query range has steps");
    }

    @Test
    void aMatrixMustBeSortedByUtf8LabelOrder() {
        // In UTF-16 the surrogate 0xD83D sorts before 0xFFFD; in UTF-8 the lead byte 0xF0 sorts after 0xEF.
        Labels emoji = Labels.of("a", "\uD83D\uDE00");
        Labels replacement = Labels.of("a", "\uFFFD");
        assertThat("\uD83D\uDE00".compareTo("\uFFFD")).isNegative();
        assertThat(Utf8LabelOrder.compare(emoji, replacement)).isPositive();
        Matrix sorted = new Matrix(List.of(series(replacement, new long[0], new double[0]), series(emoji, new long[0], new double[0])));
        assertThat(ResultComparison.sortedness(sorted)).isNull();
        Matrix unsorted = new Matrix(List.of(series(emoji, new long[0], new double[0]), series(replacement, new long[0], new double[0])));
        assertThat(ResultComparison.sortedness(unsorted)).startsWith("matrix is not sorted by labels");
        assertThat(Utf8LabelOrder.compare(Labels.of("a", "1"), Labels.of("a", "1", "b", "1"))).isNegative();
        assertThat(Utf8LabelOrder.compare(Labels.of("a", "2"), Labels.of("a", "1", "b", "1"))).isPositive();
    }
}
