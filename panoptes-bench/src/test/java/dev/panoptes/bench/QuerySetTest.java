package dev.panoptes.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.panoptes.metrics.promql.parser.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuerySetTest {

    private static final QuerySet SET = QuerySet.standard();
    /** A sample as the benchmark writes them: half a second and a little jitter past a whole minute. */
    private static final long LAST_SAMPLE = 1_796_000_000_000L / 60_000 * 60_000 + 502;

    @Test
    void everyQueryParses() {
        for (QuerySet.Query query : SET.queries()) {
            assertThatCode(() -> Parser.parse(query.promql())).as(query.name()).doesNotThrowAnyException();
        }
    }

    @Test
    void coversTheKindsOfQueryTheBenchmarkPromises() {
        List<String> names = SET.queries().stream().map(QuerySet.Query::name).toList();
        assertThat(names).containsExactly("rate", "sum-by-rate", "histogram-quantile", "topk", "regex", "subquery", "join");
        assertThat(SET.ranges()).extracting(QuerySet.Range::name).containsExactly("1h", "24h");
    }

    @Test
    void runsEveryQueryOverEveryRangeEndingBeforeTheLastSample() {
        List<QuerySet.Run> runs = SET.runs(LAST_SAMPLE);
        assertThat(runs).hasSize(SET.queries().size() * SET.ranges().size());
        for (QuerySet.Run run : runs) {
            assertThat(run.endMillis()).isLessThanOrEqualTo(LAST_SAMPLE).isGreaterThan(LAST_SAMPLE - 90_000);
            assertThat(run.endMillis() - run.startMillis()).isEqualTo(run.range().durationMillis());
            assertThat(run.range().points()).isLessThanOrEqualTo(11_000);
        }
    }

    @Test
    void noStepAndNoRangeWindowEdgeFallsOnASample() {
        // Samples sit 500 to 503 ms past whole minutes; step times and their 5 m windows' starts
        // are whole or half minutes, so a closed and a left-open window hold the same samples.
        for (QuerySet.Run run : SET.runs(LAST_SAMPLE)) {
            for (long t = run.startMillis(); t <= run.endMillis(); t += run.range().stepMillis()) {
                long intoMinute = Math.floorMod(t - 5 * 60_000L, 60_000L);
                assertThat(intoMinute).isIn(0L, 15_000L, 30_000L, 45_000L);
            }
        }
    }

    @Test
    void endsOnTheLatestHalfMinuteAfterAWholeMinute() {
        long end = SET.runs(LAST_SAMPLE).getFirst().endMillis();
        assertThat(Math.floorMod(end, 60_000L)).isEqualTo(30_000L);
        assertThat(LAST_SAMPLE - end).isEqualTo(30_502L);
    }

    @Test
    void theLongestRangeIsADay() {
        assertThat(SET.longestRangeMillis()).isEqualTo(86_400_000L);
    }
}
