package dev.panoptes.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.InMemoryStorage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine end to end over the in-memory storage model: the behaviours every dashboard relies
 * on. The upstream script suite (PromqlConformanceTest) covers the language in breadth.
 */
class PromqlEngineTest {

    private final PromqlEngine engine = new PromqlEngine(EngineSettings.defaults());
    private InMemoryStorage storage;

    @BeforeEach
    void load() throws Exception {
        storage = new InMemoryStorage();
        Appender app = storage.appender();
        // Two counters scraped every 15 s for 10 minutes, one growing twice as fast.
        for (int i = 0; i <= 40; i++) {
            long t = i * 15_000L;
            app.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a"), t, i * 15.0);
            app.append(0, Labels.of("__name__", "http_requests_total", "job", "api", "instance", "b"), t, i * 30.0);
            app.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a"), t, 1);
        }
        app.commit();
    }

    @Test
    void instantSelectorTakesTheNewestSampleWithinTheLookback() {
        Vector v = (Vector) engine.instantQuery(storage, "http_requests_total{instance=\"a\"}", 100_000).value();
        assertThat(v.samples()).hasSize(1);
        assertThat(v.samples().get(0).value()).isEqualTo(90.0);
        assertThat(v.samples().get(0).timestamp()).isEqualTo(100_000);
        // Beyond the last sample plus five minutes nothing is seen.
        assertThat(((Vector) engine.instantQuery(storage, "up", 600_000 + 300_000).value()).samples()).isEmpty();
    }

    @Test
    void rateIsPerSecondAndDropsTheName() {
        Vector v = (Vector) engine.instantQuery(storage, "rate(http_requests_total[1m])", 300_000).value();
        assertThat(rounded(v)).containsExactlyInAnyOrder(1.0, 2.0);
        assertThat(v.samples()).allSatisfy(s -> assertThat(s.labels().has("__name__")).isFalse());
    }

    @Test
    void startTimestampsAreReadOnlyWhenTheSettingAsksForThem() throws Exception {
        // A delta series: every sample counts what happened since the previous one.
        Appender app = storage.appender();
        for (int i = 1; i <= 10; i++) {
            app.append(0, Labels.of("__name__", "jobs_total"), (i - 1) * 60_000L, i * 60_000L, 60);
        }
        app.commit();
        PromqlEngine withStarts = new PromqlEngine(EngineSettings.defaults().withStartTimestamps(true));
        String query = "increase(jobs_total[5m])";
        assertThat(rounded((Vector) engine.instantQuery(storage, query, 600_000).value())).containsExactly(0.0);
        assertThat(rounded((Vector) withStarts.instantQuery(storage, query, 600_000).value())).containsExactly(300.0);
        assertThat(((Vector) engine.instantQuery(storage, "start_timestamp(jobs_total)", 600_000).value()).samples()).isEmpty();
        assertThat(rounded((Vector) withStarts.instantQuery(storage, "start_timestamp(jobs_total)", 600_000).value()))
                .containsExactly(540.0);
    }

    @Test
    void sumByGroupsAndRangeQueryIsSortedByLabels() {
        Matrix m = (Matrix) engine.rangeQuery(storage, "sum by (job) (rate(http_requests_total[1m]))", 120_000, 240_000, 60_000).value();
        assertThat(m.series()).hasSize(1);
        RangeSeries s = m.series().get(0);
        assertThat(s.labels()).isEqualTo(Labels.of("job", "api"));
        assertThat(s.floats()).containsExactly(new double[] {3.0, 3.0, 3.0}, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.floatTimestamps()).containsExactly(120_000L, 180_000L, 240_000L);
    }

    @Test
    void binaryOperationsMatchOnLabels() {
        Vector v = (Vector) engine.instantQuery(storage,
                "http_requests_total / on (instance) group_left up", 150_000).value();
        assertThat(v.samples()).extracting(Sample::value).containsExactlyInAnyOrder(150.0);
        Vector cmp = (Vector) engine.instantQuery(storage, "http_requests_total > 200", 150_000).value();
        assertThat(cmp.samples()).singleElement().satisfies(s -> {
            assertThat(s.labels().get("instance")).isEqualTo("b");
            assertThat(s.labels().get("__name__")).isEqualTo("http_requests_total");
        });
    }

    @Test
    void scalarsAndStringsHaveTheirOwnResultTypes() {
        assertThat(engine.instantQuery(storage, "1 + 2 * 3", 0).value()).isEqualTo(new Scalar(0, 7));
        assertThat(engine.instantQuery(storage, "\"x\"", 5).value()).isEqualTo(new StringValue(5, "x"));
        assertThat(engine.instantQuery(storage, "http_requests_total[1m]", 60_000).value()).isInstanceOf(Matrix.class);
    }

    @Test
    void subqueryFeedsARangeFunction() {
        Vector v = (Vector) engine.instantQuery(storage,
                "max_over_time(rate(http_requests_total{instance=\"b\"}[1m])[5m:1m])", 600_000).value();
        assertThat(rounded(v)).containsExactly(2.0);
    }

    @Test
    void failsWhenASampleBudgetIsExceeded() {
        PromqlEngine small = new PromqlEngine(EngineSettings.defaults().withMaxSamples(10));
        assertThatThrownBy(() -> small.rangeQuery(storage, "http_requests_total", 0, 600_000, 15_000))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("too many samples");
    }

    @Test
    void failsWhenTheQuerySelectsMoreSeriesThanAllowed() {
        PromqlEngine limited = new PromqlEngine(EngineSettings.defaults().withMaxSeries(2));
        assertThat(((Vector) limited.instantQuery(storage, "http_requests_total", 100_000).value()).samples()).hasSize(2);
        // The limit counts the series of every selector of the query together.
        assertThatThrownBy(() -> limited.rangeQuery(storage, "http_requests_total + on (instance) http_requests_total{instance=\"a\"}",
                0, 600_000, 15_000))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.EXECUTION))
                .hasMessage("the query exceeded the maximum number of series (limit: 2 series)");
        // No limit by default.
        assertThat(((Vector) engine.instantQuery(storage, "http_requests_total + on (instance) http_requests_total", 100_000).value()).samples())
                .hasSize(2);
    }

    @Test
    void annotatesRateOfANonCounter() {
        QueryResult r = engine.instantQuery(storage, "rate(up[1m])", 300_000);
        assertThat(r.infos()).singleElement().asString()
                .startsWith("PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"up\"");
    }

    @Test
    void honoursTheTimeout() {
        PromqlEngine hurried = new PromqlEngine(EngineSettings.defaults().withTimeout(Duration.ofNanos(1)));
        assertThatThrownBy(() -> hurried.instantQuery(storage, "sum(http_requests_total)", 60_000))
                .isInstanceOf(QueryException.class)
                .satisfies(e -> assertThat(((QueryException) e).type()).isEqualTo(ErrorType.TIMEOUT));
    }

    /** Values to nine decimals: extrapolation leaves the last bits to floating point, as in Prometheus. */
    static List<Double> rounded(Vector v) {
        return v.samples().stream().map(s -> Math.round(s.value() * 1e9) / 1e9).toList();
    }
}
