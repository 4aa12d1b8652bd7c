package dev.panoptes.metrics.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Span;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.parser.ParseException;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.InMemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throws random, mutated and hostile queries at the whole engine over a small store of floats
 * and native histograms: every query must return a value or fail with a {@link ParseException}
 * or a {@link QueryException}. Anything else would reach an API client as a 500. Each query
 * runs under a short timeout, so a hang shows up as a failure rather than a stuck build.
 */
class PromqlEngineFuzzTest {

    private static final String[] PIECES = {
        "up", "http_requests_total", "hist", "missing", "{job=\"a\"}", "{__name__=~\".+\"}", "[5m]", "[1m:15s]",
        "[10m:]", "rate(", "sum(", "sum by (job)(", "topk(2,", "count_values(\"v\",", "histogram_quantile(0.9,",
        "label_replace(", ",\"dst\",\"$1\",\"job\",\"(.*)\")", "absent(", "scalar(", "vector(", "time()", ")", "(",
        " + ", " / ", " > bool ", " and ", " or ", " unless ", " * on(job) group_left ", " offset 1m", " @ 100",
        " @ start()", "1", "-1", "NaN", "Inf", "0", "1e308", "quantile(2,", "limitk(1,", "limit_ratio(0.5,",
        "stddev(", "deriv(", "predict_linear(", ", 60)", "holt_winters(", ", 0.5, 0.5)", "sort_desc(", "info(",
        "histogram_fraction(0, 1,", "histogram_count(", "timestamp(", "changes(", "resets(", " anchored", " smoothed",
        "increase(", "[step()]", "-", "atan2", " </ 1", " >/ 0",
    };

    private static InMemoryStorage storage;
    private final PromqlEngine engine = new PromqlEngine(EngineSettings.defaults()
            .withTimeout(Duration.ofSeconds(5)).withMaxSamples(200_000));

    @BeforeAll
    static void load() throws Exception {
        storage = new InMemoryStorage();
        Appender app = storage.appender();
        Random random = new Random(7);
        for (int i = 0; i < 120; i++) {
            long t = i * 10_000L;
            for (String job : List.of("a", "b", "c")) {
                app.append(0, Labels.of("__name__", "up", "job", job), t, random.nextInt(2));
                app.append(0, Labels.of("__name__", "http_requests_total", "job", job), t, i * (1 + random.nextInt(5)));
            }
            FloatHistogram h = new FloatHistogram().schema(0).count(i + 2).sum(i * 1.5)
                    .positiveSpans(new Span(0, 2)).positiveBuckets(1, i + 1).zeroCount(0);
            app.appendHistogram(0, Labels.of("__name__", "hist", "job", "a"), t, null, h);
        }
        app.commit();
    }

    @Test
    void randomQueriesNeverEscapeAsAnythingButQueryErrors() {
        Random random = new Random(20261202L);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            StringBuilder q = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int j = 0; j < n; j++) {
                q.append(PIECES[random.nextInt(PIECES.length)]);
            }
            run(q.toString(), random, failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void mutatedValidQueriesNeverEscapeAsAnythingButQueryErrors() {
        String[] seeds = {
            "sum by (job) (rate(http_requests_total[1m]))",
            "histogram_quantile(0.5, rate(hist[2m]))",
            "topk(1, up) or on(job) bottomk(1, http_requests_total)",
            "max_over_time(rate(http_requests_total[1m])[5m:30s] offset 1m)",
            "label_join(up, \"x\", \"-\", \"job\", \"__name__\") * on(job) group_left http_requests_total",
            "count_values(\"value\", up) / ignoring(value) group_left count(up)",
            "increase(http_requests_total[2m] anchored) + rate(hist[1m] smoothed)",
        };
        Random random = new Random(99);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            StringBuilder q = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && q.length() > 0; e++) {
                int at = random.nextInt(q.length());
                switch (random.nextInt(3)) {
                    case 0 -> q.deleteCharAt(at);
                    case 1 -> q.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    default -> q.setCharAt(at, "()[]{},:\"'+-*/^=!~<> 01m@".charAt(random.nextInt(25)));
                }
            }
            run(q.toString(), random, failures);
        }
        assertThat(failures).isEmpty();
    }

    private void run(String query, Random random, List<String> failures) {
        try {
            if (random.nextBoolean()) {
                engine.instantQuery(storage, query, 600_000 + random.nextInt(600_000));
            } else {
                long start = random.nextInt(1_200_000);
                engine.rangeQuery(storage, query, start, start + random.nextInt(600_000), 1_000 + random.nextInt(60_000));
            }
        } catch (ParseException | QueryException expected) {
            // The errors the API maps to 400/422/503.
        } catch (RuntimeException | StackOverflowError e) {
            failures.add(query + " -> " + e);
        }
    }
}
