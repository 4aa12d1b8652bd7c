package dev.panoptes.metrics.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AtModifierRewriteTest {

    private static String rewritten(String expr, long at) {
        List<AtModifierRewrite.Case> cases = AtModifierRewrite.cases(expr, at);
        assertThat(cases).isNotEmpty();
        return cases.getFirst().expr();
    }

    @Test
    void pinsEverySelectorWithoutAFixedTimestampToTheEvalTime() {
        assertThat(rewritten("sum(rate(x[5m])) / y offset 1m", 3_000_000))
                .isEqualTo("sum(rate(x[5m] @ 3000.000)) / y @ 3000.000 offset 1m");
        assertThat(rewritten("x @ 100 + y @ start() + z @ end()", 50_500))
                .isEqualTo("x @ 100.000 + y @ 50.500 + z @ 50.500");
    }

    @Test
    void pinsASubqueryButNothingInsideIt() {
        assertThat(rewritten("max_over_time(rate(x[1m])[10m:1m])", 600_000))
                .isEqualTo("max_over_time(rate(x[1m])[10m:1m] @ 600.000)");
        assertThat(rewritten("max_over_time(rate(x[1m])[10m:1m] @ 5)", 600_000))
                .isEqualTo("max_over_time(rate(x[1m])[10m:1m] @ 5.000)");
    }

    @Test
    void evaluatesAtTenTimesBeforeZeroAFifthTheTimeAndTenTimesAfter() {
        assertThat(AtModifierRewrite.cases("x", 60_000)).extracting(AtModifierRewrite.Case::evalTime)
                .containsExactly(-600_000L, 0L, 12_000L, 60_000L, 600_000L);
        assertThat(AtModifierRewrite.cases("x", 0)).extracting(AtModifierRewrite.Case::evalTime)
                .containsExactly(-1000L, 0L, 1000L);
        assertThat(rewritten("x", -600_000)).isEqualTo("x @ -600.000");
    }

    @Test
    void leavesOutExpressionsThatReadTheEvaluationTime() {
        assertThat(AtModifierRewrite.cases("time() - x", 60_000)).isEmpty();
        assertThat(AtModifierRewrite.cases("timestamp(x)", 60_000)).isEmpty();
        assertThat(AtModifierRewrite.cases("predict_linear(x[5m], 60)", 60_000)).isEmpty();
        // Inside a pinned subquery the evaluation times are fixed, so time() is harmless there.
        assertThat(AtModifierRewrite.cases("max_over_time(vector(time())[5m:1m])", 60_000)).hasSize(5);
    }
}
