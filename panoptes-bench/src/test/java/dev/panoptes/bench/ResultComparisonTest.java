package dev.panoptes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultComparisonTest {

    /** Builds a result from alternating keys and points. */
    private static RangeResult result(Object... keysAndPoints) {
        Map<String, RangeResult.Points> series = new LinkedHashMap<>();
        for (int i = 0; i < keysAndPoints.length; i += 2) {
            series.put((String) keysAndPoints[i], (RangeResult.Points) keysAndPoints[i + 1]);
        }
        return new RangeResult(series);
    }

    private static RangeResult.Points points(long[] t, double... v) {
        return new RangeResult.Points(t, v);
    }

    private static final long[] T3 = {1000, 2000, 3000};

    @Test
    void identicalAnswersAgree() {
        RangeResult a = result("{a=\"1\"}", points(T3, 1, 2, Double.NaN), "{a=\"2\"}", points(T3, Double.POSITIVE_INFINITY, 0, -1));
        ResultComparison c = ResultComparison.compare(a, a);
        assertThat(c.agrees()).isTrue();
        assertThat(c.seriesCompared()).isEqualTo(2);
        assertThat(c.pointsCompared()).isEqualTo(6);
        assertThat(c.example()).isNull();
    }

    @Test
    void valuesWithinOneMillionthRelativeAgreeAndBeyondDoNot() {
        RangeResult a = result("{a=\"1\"}", points(T3, 1e9, 1, 0));
        RangeResult close = result("{a=\"1\"}", points(T3, 1e9 + 999, 1 + 9e-7, 0));
        RangeResult far = result("{a=\"1\"}", points(T3, 1e9 + 2000, 1, 1e-300));
        assertThat(ResultComparison.compare(a, close).agrees()).isTrue();
        ResultComparison c = ResultComparison.compare(a, far);
        assertThat(c.pointsDiffering()).isEqualTo(2);
        assertThat(c.example()).contains("{a=\"1\"} at 1000");
    }

    @Test
    void nanDiffersFromANumberAndInfinityFromItsNegative() {
        assertThat(ResultComparison.equal(Double.NaN, 1)).isFalse();
        assertThat(ResultComparison.equal(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
        assertThat(ResultComparison.equal(Double.POSITIVE_INFINITY, 1e308)).isFalse();
    }

    @Test
    void seriesOnOneSideOnlyAreCountedPerSide() {
        RangeResult left = result("{a=\"1\"}", points(T3, 1, 2, 3), "{a=\"2\"}", points(T3, 1, 2, 3));
        RangeResult right = result("{a=\"1\"}", points(T3, 1, 2, 3), "{a=\"3\"}", points(T3, 1, 2, 3), "{a=\"4\"}", points(T3, 1, 2, 3));
        ResultComparison c = ResultComparison.compare(left, right);
        assertThat(c.agrees()).isFalse();
        assertThat(c.onlyLeft()).isEqualTo(1);
        assertThat(c.onlyRight()).isEqualTo(2);
        assertThat(c.seriesCompared()).isEqualTo(1);
        assertThat(c.example()).isEqualTo("series only on the left: {a=\"2\"}");
    }

    @Test
    void aPointMissingOnOneSideIsADifference() {
        RangeResult left = result("{a=\"1\"}", points(T3, 1, 2, 3));
        RangeResult right = result("{a=\"1\"}", points(new long[] {1000, 3000}, 1, 3));
        ResultComparison c = ResultComparison.compare(left, right);
        assertThat(c.pointsCompared()).isEqualTo(3);
        assertThat(c.pointsDiffering()).isEqualTo(1);
        assertThat(c.example()).isEqualTo("{a=\"1\"} at 2000: 2.0 vs no point");
    }

    @Test
    void equalValuesKeptOnDifferentSeriesAreRecognisedAsAChoiceAmongTies() {
        long[] t1 = {1000};
        RangeResult left = result("{a=\"1\"}", points(t1, 5), "{a=\"2\"}", points(t1, 7));
        RangeResult right = result("{a=\"3\"}", points(t1, 5), "{a=\"2\"}", points(t1, 7));
        ResultComparison c = ResultComparison.compare(left, right);
        assertThat(c.agrees()).isFalse();
        assertThat(c.sameValuesPerStep()).isTrue();
    }

    @Test
    void differentValuesOnDifferentSeriesAreNotTies() {
        long[] t1 = {1000};
        RangeResult left = result("{a=\"1\"}", points(t1, 5));
        RangeResult right = result("{a=\"3\"}", points(t1, 6));
        assertThat(ResultComparison.compare(left, right).sameValuesPerStep()).isFalse();
    }
}
