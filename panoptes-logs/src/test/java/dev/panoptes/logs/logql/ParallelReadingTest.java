package dev.panoptes.logs.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counting aggregations read their streams on several threads ({@link QueryWorkers}); every query
 * must answer exactly as when one thread reads every stream: the same series, points and
 * statistics, the same pipeline error, and a stopped read stops the whole query.
 */
class ParallelReadingTest {

    private static final long S = 1_000_000_000L;
    private static final QueryWorkers HELPERS = QueryWorkers.of(3);

    @TempDir
    Path dir;
    TenantLogStore store;

    @BeforeEach
    void fill() throws Exception {
        store = TenantLogStore.open(dir, new LogStoreSettings(2048, 0, new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), 1 << 20)),
                TestObjects.in(dir), "logs/t/blocks/");
        Random random = new Random(3);
        String[] levels = {"info", "warn", "error", "debug"};
        // Streams of very different sizes, in many small chunks, some flushed to blocks.
        for (int s = 0; s < 24; s++) {
            LogBatch batch = new LogBatch();
            batch.stream(Labels.of("app", "a" + (s % 5), "pod", "p" + s));
            int entries = s % 7 == 0 ? 3000 : 40 + random.nextInt(300);
            for (int i = 0; i < entries; i++) {
                String level = levels[random.nextInt(levels.length)];
                String line = s == 13 && i == 17 ? "msg=\"open level=info" : "level=" + level + " n=" + random.nextInt(1000) + " msg=\"req " + i + "\"";
                batch.entry((1 + random.nextInt(600)) * S, line, Labels.of("trace", Integer.toHexString(random.nextInt(50))));
            }
            store.append(batch);
            if (s % 3 == 0) {
                store.flush();
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void countingAggregationsAnswerAsOnOneThread() throws Exception {
        List<String> queries = List.of(
                "count_over_time({app=~\".+\"}[1m])",
                "sum by (app) (count_over_time({app=~\".+\"} |= \"error\" [2m]))",
                "sum by (level) (count_over_time({app=~\".+\"} | logfmt | __error__=\"\" [1m]))",
                "sum by (level, trace) (rate({app=~\"a1|a2\"} | logfmt | __error__=\"\" | n > 500 [5m]))",
                "sum without (pod) (bytes_over_time({app=~\".+\"}[3m]))",
                "bytes_rate({pod=~\"p1.*\"} |~ \"req [0-9]+5\" [1m])",
                "absent_over_time({app=\"a3\", pod=\"none\"}[1m])",
                "topk(3, sum by (pod) (count_over_time({app=~\".+\"}[10m])))",
                "sum_over_time({app=~\".+\"} | logfmt | __error__=\"\" | unwrap n [2m])");
        MetricQueryEngine one = new MetricQueryEngine(QueryWorkers.none());
        MetricQueryEngine many = new MetricQueryEngine(HELPERS);
        long helpedBefore = HELPERS.streamsReadByHelpers();
        for (String query : queries) {
            for (int round = 0; round < 3; round++) {
                MetricResult a = run(one, query, ReadCheck.NONE);
                MetricResult b = run(many, query, ReadCheck.NONE);
                assertThat(describe(b)).as(query).isEqualTo(describe(a));
                assertThat(b.statistics().linesProcessed()).as(query).isEqualTo(a.statistics().linesProcessed());
                assertThat(b.statistics().bytesProcessed()).as(query).isEqualTo(a.statistics().bytesProcessed());
                assertThat(b.statistics().postFilterLines()).as(query).isEqualTo(a.statistics().postFilterLines());
            }
        }
        assertThat(HELPERS.streamsReadByHelpers()).as("the helpers read some of the streams").isGreaterThan(helpedBefore);
    }

    @Test
    void aPipelineErrorIsReportedAsOnOneThread() throws Exception {
        String query = "sum by (level) (count_over_time({app=~\".+\"} | logfmt --strict [10m]))";
        String expected = null;
        try {
            run(new MetricQueryEngine(QueryWorkers.none()), query, ReadCheck.NONE);
        } catch (MetricQueryException e) {
            expected = e.getMessage();
        }
        assertThat(expected).contains("LogfmtParserErr");
        String message = expected;
        assertThatThrownBy(() -> run(new MetricQueryEngine(HELPERS), query, ReadCheck.NONE)).hasMessage(message);
    }

    @Test
    void aStoppedReadStopsTheQueryAndLeavesTheStoreReadable() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        ReadCheck stopping = () -> {
            if (checks.incrementAndGet() > 5) {
                throw new IllegalStateException("stopped");
            }
        };
        MetricQueryEngine many = new MetricQueryEngine(HELPERS);
        assertThatThrownBy(() -> run(many, "count_over_time({app=~\".+\"}[1m])", stopping)).hasMessage("stopped");
        assertThat(describe(run(many, "count_over_time({app=~\".+\"}[1m])", ReadCheck.NONE)))
                .isEqualTo(describe(run(new MetricQueryEngine(QueryWorkers.none()), "count_over_time({app=~\".+\"}[1m])", ReadCheck.NONE)));
    }

    @Test
    void aBusyPoolOnlyMeansLessHelp() throws Exception {
        QueryWorkers one = QueryWorkers.of(1);
        MetricQueryEngine helped = new MetricQueryEngine(one);
        List<Thread> queries = new ArrayList<>();
        List<String> answers = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 6; i++) {
            Thread t = new Thread(() -> {
                try {
                    answers.add(describe(run(helped, "sum by (app) (count_over_time({app=~\".+\"}[1m]))", ReadCheck.NONE)).toString());
                } catch (Exception e) {
                    answers.add(e.toString());
                }
            });
            queries.add(t);
            t.start();
        }
        for (Thread t : queries) {
            t.join(60_000);
        }
        String expected = describe(run(new MetricQueryEngine(QueryWorkers.none()), "sum by (app) (count_over_time({app=~\".+\"}[1m]))",
                ReadCheck.NONE)).toString();
        assertThat(answers).hasSize(6).allMatch(expected::equals);
    }

    private MetricResult run(MetricQueryEngine engine, String query, ReadCheck check) throws Exception {
        return engine.evaluate((MetricExpr) LogQLParser.parse(query), 60 * S, 600 * S, 30 * S, store, check, Duration.ofMinutes(1));
    }

    private static List<String> describe(MetricResult result) {
        List<String> out = new ArrayList<>();
        for (StepSeries s : result.series()) {
            StringBuilder b = new StringBuilder(s.labels().toString());
            for (int i = 0; i < s.times().length; i++) {
                b.append(' ').append(s.times()[i] / S).append('=').append(s.values()[i]);
            }
            out.add(b.toString());
        }
        return out;
    }
}
