package dev.panoptes.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.parser.AggregateOp;
import dev.panoptes.metrics.promql.parser.BinaryOp;
import dev.panoptes.metrics.promql.parser.VectorMatching;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorOperationsTest {

    /** Steps 10, 20, 30. */
    private final VectorOperations ops = new VectorOperations(10, 30, 10, Duration.ofMinutes(1));

    private static StepSeries series(String app, String pod, long[] times, double[] values) {
        return new StepSeries(Labels.of("app", app, "pod", pod), times, values);
    }

    private final List<StepSeries> input = List.of(
            series("api", "a", new long[] {10, 20, 30}, new double[] {1, 2, 3}),
            series("api", "b", new long[] {20, 30}, new double[] {10, 20}),
            series("web", "c", new long[] {10}, new double[] {5}));

    @Test
    void sumsByLabelAtEachStepWhereMembersHaveValues() {
        List<StepSeries> out = ops.aggregate(AggregateOp.SUM, 0, List.of("app"), false, input);
        assertThat(out).hasSize(2);
        StepSeries api = out.stream().filter(s -> s.labels().get("app").equals("api")).findFirst().orElseThrow();
        assertThat(api.labels()).isEqualTo(Labels.of("app", "api"));
        assertThat(api.times()).containsExactly(10, 20, 30);
        assertThat(api.values()).containsExactly(1, 12, 23);
        StepSeries web = out.stream().filter(s -> s.labels().get("app").equals("web")).findFirst().orElseThrow();
        assertThat(web.times()).containsExactly(10);
    }

    @Test
    void topkKeepsTheInputSeriesWithTheirLabels() {
        List<StepSeries> out = ops.aggregate(AggregateOp.TOPK, 1, List.of(), false, input);
        // Step 10: c (5) beats a (1); steps 20 and 30: b beats a.
        assertThat(out).extracting(s -> s.labels().get("pod")).containsExactlyInAnyOrder("b", "c");
        StepSeries b = out.stream().filter(s -> s.labels().get("pod").equals("b")).findFirst().orElseThrow();
        assertThat(b.times()).containsExactly(20, 30);
        StepSeries c = out.stream().filter(s -> s.labels().get("pod").equals("c")).findFirst().orElseThrow();
        assertThat(c.times()).containsExactly(10);
    }

    @Test
    void dividesVectorsMatchedOnALabelWithGroupLeft() {
        List<StepSeries> totals = List.of(new StepSeries(Labels.of("app", "api"), new long[] {20, 30}, new double[] {4, 5}));
        List<StepSeries> out = ops.binary(BinaryOp.DIV, input, totals, false,
                new VectorMatching(VectorMatching.Cardinality.MANY_TO_ONE, List.of("app"), true, List.of()));
        assertThat(out).hasSize(2);
        StepSeries a = out.stream().filter(s -> s.labels().get("pod").equals("a")).findFirst().orElseThrow();
        assertThat(a.times()).containsExactly(20, 30);
        assertThat(a.values()).containsExactly(0.5, 0.6);
    }

    @Test
    void comparisonWithScalarFiltersOrReturnsBool() {
        List<StepSeries> filtered = ops.binary(BinaryOp.GTR, input, 2, false, false);
        assertThat(filtered).extracting(s -> s.labels().get("pod")).containsExactlyInAnyOrder("a", "b", "c");
        StepSeries a = filtered.stream().filter(s -> s.labels().get("pod").equals("a")).findFirst().orElseThrow();
        assertThat(a.times()).containsExactly(30);
        List<StepSeries> bools = ops.binary(BinaryOp.GTR, input, 2, false, true);
        StepSeries a2 = bools.stream().filter(s -> s.labels().get("pod").equals("a")).findFirst().orElseThrow();
        assertThat(a2.values()).containsExactly(0, 0, 1);
        assertThat(VectorOperations.binary(BinaryOp.LSS, 1, 2)).isEqualTo(1);
    }

    @Test
    void orFillsGapsFromTheRightSide() {
        List<StepSeries> out = ops.binary(BinaryOp.OR, List.of(input.get(1)), ops.constant(0), false, null);
        assertThat(out).hasSize(2);
        StepSeries filler = out.stream().filter(s -> s.labels().isEmpty()).findFirst().orElseThrow();
        assertThat(filler.times()).containsExactly(10, 20, 30);
    }

    @Test
    void labelReplaceAndSort() {
        List<StepSeries> replaced = ops.labelReplace(input, "team", "t-$1", "app", "(.*)");
        assertThat(replaced).extracting(s -> s.labels().get("team")).containsExactlyInAnyOrder("t-api", "t-api", "t-web");
        VectorOperations instant = new VectorOperations(10, 10, 1, Duration.ofMinutes(1));
        List<StepSeries> sorted = instant.sort(input, true);
        assertThat(sorted).extracting(s -> s.labels().get("pod")).containsExactly("c", "a");
    }

    @Test
    void failsWhenAnOperationProducesDuplicateSeries() {
        List<StepSeries> twoPods = List.of(input.get(0), input.get(1));
        assertThatThrownBy(() -> ops.labelReplace(twoPods, "pod", "x", "pod", ".*"))
                .isInstanceOf(QueryException.class).hasMessageContaining("same labelset");
    }
}
