package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.store.LogBatch;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.ReadCheck;
import dev.panoptes.logs.store.TenantLogStore;
import dev.panoptes.logs.store.TestObjects;
import dev.panoptes.metrics.promql.StepSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range aggregations against values computed by hand from the entries written in {@link #fill}. */
class MetricQueryEngineTest {

    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;
    TenantLogStore store;
    final MetricQueryEngine engine = new MetricQueryEngine();

    @BeforeEach
    void fill() throws Exception {
        store = TenantLogStore.open(dir, new LogStoreSettings(256, 0, new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), 1 << 20)),
                TestObjects.in(dir), "logs/t/blocks/");
        LogBatch batch = new LogBatch();
        batch.stream(Labels.of("app", "api", "env", "prod"));
        String[] lines = {"a", "bb", "ccc", "dddd", "eeeee"};
        for (int i = 0; i < 5; i++) {
            batch.entry((i + 1) * S, lines[i], Labels.empty());
        }
        batch.stream(Labels.of("app", "web", "env", "prod"));
        for (int t = 2; t <= 6; t += 2) {
            batch.entry(t * S, "w" + t, Labels.empty());
        }
        batch.stream(Labels.of("app", "num", "env", "prod"));
        for (int t = 1; t <= 5; t++) {
            batch.entry(t * S, "n", Labels.of("latency", Integer.toString(t)));
        }
        batch.stream(Labels.of("app", "conv"));
        String[] durations = {"100ms", "200ms", "1s", "1.5s", "2m"};
        String[] sizes = {"1KB", "2KiB", "10", "1.5kb", "0"};
        for (int i = 0; i < 5; i++) {
            batch.entry((i + 1) * S, "c", Labels.of("dur", durations[i], "size", sizes[i]));
        }
        batch.stream(Labels.of("app", "ctr"));
        String[] counter = {"5", "8", "2"};
        for (int i = 0; i < 3; i++) {
            batch.entry((i + 1) * 2 * S, "k", Labels.of("counter", counter[i]));
        }
        batch.stream(Labels.of("app", "json"));
        String[] json = {"{\"level\":\"info\",\"ms\":10}", "{\"level\":\"error\",\"ms\":30}", "{\"level\":\"info\",\"ms\":\"slow\"}",
                "not json", "{\"level\":\"error\",\"ms\":50}"};
        for (int i = 0; i < json.length; i++) {
            batch.entry((i + 1) * S, json[i], Labels.empty());
        }
        batch.stream(Labels.of("app", "bad"));
        batch.entry(3 * S, "x", Labels.of("latency", "abc"));
        batch.entry(4 * S, "y", Labels.of("latency", "7"));
        store.append(batch);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    MetricResult run(String query, long start, long end, long step) throws Exception {
        return engine.evaluate((MetricExpr) LogQLParser.parse(query), start, end, step, store, ReadCheck.NONE, Duration.ofMinutes(1));
    }

    /** Each series as {@code labels t=v t=v}, times in seconds. */
    List<String> points(String query, long start, long end, long step) throws Exception {
        List<String> out = new ArrayList<>();
        for (StepSeries s : run(query, start, end, step).series()) {
            StringBuilder b = new StringBuilder(s.labels().toString());
            for (int i = 0; i < s.times().length; i++) {
                b.append(' ').append(s.times()[i] / S).append('=').append(LogQLUnits.formatNumber(s.values()[i]));
            }
            out.add(b.toString());
        }
        return out;
    }

    double instant(String query, long t) throws Exception {
        List<StepSeries> series = run(query, t, t, 1).series();
        assertThat(series).hasSize(1);
        return series.get(0).values()[0];
    }

    @Test
    void parsedLabelsGroupAndFilterMetricQueries() throws Exception {
        // The line that is not JSON carries __error__=JSONParserErr: counted, it fails the query, as in Loki.
        assertThatThrownBy(() -> run("sum by (level) (count_over_time({app=\"json\"} | json [5s]))", 5 * S, 5 * S, S))
                .hasMessageContaining("pipeline error: 'JSONParserErr'");
        assertThat(points("sum by (level) (count_over_time({app=\"json\"} | json | __error__=\"\" [5s]))", 5 * S, 5 * S, S))
                .containsExactly("{level=\"error\"} 5=2", "{level=\"info\"} 5=2");
        // No label is needed from the parser, so, as in Loki, it reads nothing and the line that is not JSON is counted.
        assertThat(points("sum(count_over_time({app=\"json\"} | json [5s]))", 5 * S, 5 * S, S)).containsExactly("{} 5=5");
        assertThat(points("count_over_time({app=\"json\"} | json | __error__=\"\" | level=\"error\" [5s])", 5 * S, 5 * S, S))
                .containsExactly("{app=\"json\", level=\"error\", ms=\"30\"} 5=1", "{app=\"json\", level=\"error\", ms=\"50\"} 5=1");
    }

    @Test
    void sumsOfCountsGroupedByFewLabelsAnswerAsPerSeriesCountsDo() throws Exception {
        String json = "{app=\"json\"} | json";
        assertThat(points("sum(count_over_time(" + json + " | ms > 20 | __error__=\"\" [5s]))", 5 * S, 5 * S, S))
                .containsExactly("{} 5=2");
        assertThat(points("sum by (level) (count_over_time(" + json + " | __error__=\"\" [5s]))", 5 * S, 5 * S, S))
                .containsExactly("{level=\"error\"} 5=2", "{level=\"info\"} 5=2");
        assertThat(points("sum by (level) (bytes_over_time(" + json + " | __error__=\"\" [5s]))", 5 * S, 5 * S, S))
                .containsExactly("{level=\"error\"} 5=50", "{level=\"info\"} 5=52");
        // Logs Drilldown's field breakdown: the error labels dropped, so the line that is not JSON counts under level="".
        assertThat(points("sum by (level) (count_over_time(" + json + " | drop __error__, __error_details__ [5s]))", 5 * S, 5 * S, S))
                .containsExactly("{} 5=1", "{level=\"error\"} 5=2", "{level=\"info\"} 5=2");
        assertThat(points("sum by (level) (count_over_time(" + json + " | drop __error__, __error_details__ | level != \"\" [5s]))",
                5 * S, 5 * S, S)).containsExactly("{level=\"error\"} 5=2", "{level=\"info\"} 5=2");
        // count counts the series of the inner aggregation, which keep every label: not folded.
        assertThat(points("count by (level) (count_over_time(" + json + " | __error__=\"\" | drop ms [5s]))", 5 * S, 5 * S, S))
                .containsExactly("{level=\"error\"} 5=1", "{level=\"info\"} 5=1");
        // A stage that reads any label sees the labels no filter names.
        assertThat(points("sum by (speed) (count_over_time(" + json + " | __error__=\"\" | label_format speed=ms [5s]))", 5 * S, 5 * S, S))
                .containsExactly("{speed=\"10\"} 5=1", "{speed=\"30\"} 5=1", "{speed=\"50\"} 5=1", "{speed=\"slow\"} 5=1");
        // A filter needing a label the line that is not JSON lacks: it is read to its fault, which fails the query.
        assertThatThrownBy(() -> run("sum(count_over_time(" + json + " | level != \"x\" [5s]))", 5 * S, 5 * S, S))
                .hasMessageContaining("pipeline error: 'JSONParserErr'");
    }

    @Test
    void postUnwrapFiltersDropConversionErrors() throws Exception {
        // "slow" does not convert; the filter after unwrap keeps the query from failing on it.
        assertThat(points("sum by (app) (sum_over_time({app=\"json\"} | json | __error__=\"\" | unwrap ms | __error__=\"\" [5s]))",
                5 * S, 5 * S, S)).containsExactly("{app=\"json\"} 5=90");
        assertThatThrownBy(() -> run("sum by (app) (sum_over_time({app=\"json\"} | json | __error__=\"\" | unwrap ms [5s]))",
                5 * S, 5 * S, S)).hasMessageContaining("SampleExtractionErr");
    }

    @Test
    void windowsExcludeTheirStartAndIncludeTheirEnd() throws Exception {
        // Windows (0,2], (2,4], (4,6]: the entry at 2 s counts at step 2 only.
        assertThat(points("count_over_time({app=~\"api|web\"}[2s])", 2 * S, 6 * S, 2 * S)).containsExactly(
                "{app=\"api\", env=\"prod\"} 2=2 4=2 6=1",
                "{app=\"web\", env=\"prod\"} 2=1 4=1 6=1");
    }

    @Test
    void seriesHaveNoPointWhereTheirWindowIsEmpty() throws Exception {
        assertThat(points("count_over_time({app=\"web\"}[1s])", 1 * S, 6 * S, S)).containsExactly(
                "{app=\"web\", env=\"prod\"} 2=1 4=1 6=1");
    }

    @Test
    void ratesDivideByTheWindowLength() throws Exception {
        assertThat(instant("rate({app=\"api\"}[2s])", 4 * S)).isEqualTo(1);
        assertThat(instant("bytes_over_time({app=\"api\"}[2s])", 4 * S)).isEqualTo(7);
        assertThat(instant("bytes_rate({app=\"api\"}[2s])", 4 * S)).isEqualTo(3.5);
    }

    @Test
    void offsetShiftsTheWindowBack() throws Exception {
        // At 6 s with offset 2 s the window is (2 s, 4 s]; the point keeps the step's time.
        assertThat(points("count_over_time({app=\"api\"}[2s] offset 2s)", 6 * S, 6 * S, S)).containsExactly(
                "{app=\"api\", env=\"prod\"} 6=2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "sum_over_time({app=\"num\"} | unwrap latency [5s]); 15",
            "avg_over_time({app=\"num\"} | unwrap latency [5s]); 3",
            "min_over_time({app=\"num\"} | unwrap latency [5s]); 1",
            "max_over_time({app=\"num\"} | unwrap latency [5s]); 5",
            "stdvar_over_time({app=\"num\"} | unwrap latency [5s]); 2",
            "stddev_over_time({app=\"num\"} | unwrap latency [5s]); 1.4142135623730951",
            "quantile_over_time(0.5, {app=\"num\"} | unwrap latency [5s]); 3",
            "quantile_over_time(0.9, {app=\"num\"} | unwrap latency [5s]); 4.6",
            "quantile_over_time(1.5, {app=\"num\"} | unwrap latency [5s]); Infinity",
            "first_over_time({app=\"num\"} | unwrap latency [5s]); 1",
            "last_over_time({app=\"num\"} | unwrap latency [5s]); 5",
            "rate({app=\"num\"} | unwrap latency [5s]); 3",
            "sum(count_over_time({app=\"num\"}[5s])); 5",
            "sum by (app) (sum_over_time({app=\"conv\"} | unwrap duration(dur) [5s])); 122.8",
            "sum by (app) (sum_over_time({app=\"conv\"} | unwrap duration_seconds(dur) [5s])); 122.8",
            "sum by (app) (sum_over_time({app=\"conv\"} | unwrap bytes(size) [5s])); 4558",
            // 5, 8, 2 at 2, 4, 6 s: increase 5 with the reset; 2 s to the window start is within 1.1 intervals,
            // so it extrapolates 4 s of samples to 6 s: 7.5 over 6 s.
            "rate_counter({app=\"ctr\"} | unwrap counter [6s]); 1.25",
    })
    void unwrappedAggregationsAt5Seconds(String query, double expected) throws Exception {
        long t = query.contains("ctr") ? 6 * S : 5 * S;
        assertThat(instant(query, t)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void unwrapDropsTheUnwrappedLabelAndEntriesWithoutIt() throws Exception {
        // api and web have no latency label: their entries give no sample.
        assertThat(points("sum_over_time({env=\"prod\"} | unwrap latency [5s])", 5 * S, 5 * S, S)).containsExactly(
                "{app=\"num\", env=\"prod\"} 5=15");
    }

    @Test
    void byAndWithoutChooseTheSeriesLabels() throws Exception {
        assertThat(points("max_over_time({app=\"conv\"} | unwrap bytes(size) [5s]) without (dur)", 5 * S, 5 * S, S))
                .containsExactly("{app=\"conv\"} 5=2048");
        assertThat(points("max_over_time({app=~\"num|web\"} | unwrap latency [5s]) by (env)", 5 * S, 5 * S, S))
                .containsExactly("{env=\"prod\"} 5=5");
    }

    @Test
    void aValueThatIsNotANumberFailsWithLokisPipelineError() {
        assertThatThrownBy(() -> run("sum_over_time({app=\"bad\"} | unwrap latency [10s])", 10 * S, 10 * S, S))
                .isInstanceOf(MetricQueryException.class)
                .hasMessageStartingWith("pipeline error: 'SampleExtractionErr' for series: '{__error__=\"SampleExtractionErr\", "
                        + "__error_details__=\"strconv.ParseFloat: parsing \\\"abc\\\": invalid syntax\", app=\"bad\", latency=\"abc\"}'.")
                .hasMessageContaining("(e.g | __error__!=\"SampleExtractionErr\")");
    }

    @Test
    void absentOverTimeAnswersWhereNothingIsInTheWindow() throws Exception {
        assertThat(points("absent_over_time({app=\"api\"}[1s])", 4 * S, 7 * S, S)).containsExactly("{app=\"api\"} 6=1 7=1");
        assertThat(points("absent_over_time({app=\"none\", env=~\"p.*\"}[1s])", 1 * S, 2 * S, S)).containsExactly("{app=\"none\"} 1=1 2=1");
    }

    @Test
    void vectorAggregationsAndBinaryOperatorsUseThePromqlOperators() throws Exception {
        String counts = "count_over_time({app=~\"api|web\"}[2s])";
        assertThat(points("sum by (env) (" + counts + ")", 2 * S, 6 * S, 2 * S)).containsExactly("{env=\"prod\"} 2=3 4=3 6=2");
        assertThat(points("sum(" + counts + ")", 2 * S, 6 * S, 2 * S)).containsExactly("{} 2=3 4=3 6=2");
        assertThat(points("topk(1, " + counts + ")", 2 * S, 4 * S, 2 * S)).containsExactly("{app=\"api\", env=\"prod\"} 2=2 4=2");
        assertThat(points(counts + " > 1", 2 * S, 6 * S, 2 * S)).containsExactly("{app=\"api\", env=\"prod\"} 2=2 4=2");
        assertThat(points(counts + " > bool 1", 6 * S, 6 * S, S)).containsExactly(
                "{app=\"api\", env=\"prod\"} 6=0", "{app=\"web\", env=\"prod\"} 6=0");
        assertThat(points("sum(count_over_time({app=\"api\"}[2s])) / sum(count_over_time({app=\"web\"}[2s]))", 2 * S, 6 * S, 2 * S))
                .containsExactly("{} 2=2 4=2 6=1");
        assertThat(points(counts + " / on (env) group_left sum by (env) (" + counts + ")", 6 * S, 6 * S, S)).containsExactly(
                "{app=\"api\", env=\"prod\"} 6=0.5", "{app=\"web\", env=\"prod\"} 6=0.5");
        assertThat(points("label_replace(" + counts + ", \"service\", \"svc-$1\", \"app\", \"(a.*)\")", 6 * S, 6 * S, S)).containsExactly(
                "{app=\"api\", env=\"prod\", service=\"svc-api\"} 6=1", "{app=\"web\", env=\"prod\"} 6=1");
        assertThat(points("count_over_time({app=\"none\"}[1s]) or vector(0)", 1 * S, 2 * S, S)).containsExactly("{} 1=0 2=0");
    }

    @Test
    void instantSortKeepsValueOrder() throws Exception {
        // api has 3 entries in (0 s, 3 s], web 1: sort puts web first, against the label order.
        assertThat(points("sort(count_over_time({app=~\"api|web\"}[3s]))", 3 * S, 3 * S, S))
                .containsExactly("{app=\"web\", env=\"prod\"} 3=1", "{app=\"api\", env=\"prod\"} 3=3");
        assertThat(points("sort_desc(count_over_time({app=~\"api|web\"}[3s]))", 3 * S, 3 * S, S))
                .containsExactly("{app=\"api\", env=\"prod\"} 3=3", "{app=\"web\", env=\"prod\"} 3=1");
    }

    @Test
    void numbersAreScalars() throws Exception {
        MetricResult result = run("2 * 3 + 1", 5 * S, 5 * S, S);
        assertThat(result.scalar()).isTrue();
        assertThat(result.series().get(0).values()).containsExactly(7);
    }

    @Test
    void statisticsCountLinesReadAndPointsReturned() throws Exception {
        MetricResult result = run("count_over_time({app=\"api\"}[2s])", 2 * S, 6 * S, 2 * S);
        assertThat(result.statistics().linesProcessed()).isEqualTo(5);
        assertThat(result.statistics().bytesProcessed()).isEqualTo(15);
        assertThat(result.statistics().entriesReturned()).isEqualTo(3);
    }
}
