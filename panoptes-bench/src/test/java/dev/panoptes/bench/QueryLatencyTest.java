package dev.panoptes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryLatencyTest {

    @Test
    void fastQueriesGetEveryRequestedRepetition() {
        assertThat(QueryLatency.repetitionsWithin(5, 100)).isEqualTo(5);
    }

    @Test
    void slowQueriesGetAsManyAsFitTheBudgetButAtLeastOne() {
        assertThat(QueryLatency.repetitionsWithin(5, QueryLatency.BUDGET_MILLIS / 2)).isEqualTo(2);
        assertThat(QueryLatency.repetitionsWithin(5, QueryLatency.BUDGET_MILLIS * 3)).isEqualTo(1);
    }
}
