package dev.panoptes.bench;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.promql.EngineSettings;
import dev.panoptes.metrics.promql.PromqlEngine;
import dev.panoptes.metrics.promql.QueryResult;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.Queryable;
import dev.panoptes.metrics.tsdb.head.Head;
import dev.panoptes.metrics.tsdb.head.HeadJournal;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PromQL engine over a head of 10,000 series (1,000 hosts, counters with an instance, job
 * and mode label, plus classic histogram buckets for 100 hosts), one hour of 15 s scrapes: the
 * query shapes dashboards run most, as instant queries and as one-hour range queries at a
 * 60 s step. Storage decoding is included; HTTP and JSON are not (the query-latency tool
 * measures those against Prometheus). {@code parallelism} is the engine's setting, 0 for its
 * default (the available processors); {@code -p parallelism=1,0} compares serial and parallel
 * evaluation in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class PromqlBenchmark {

    private static final long START = 1_795_474_600_000L;
    private static final long END = START + 3600_000L;

    @Param({
        "rate(node_cpu_seconds_total[5m])",
        "sum by (job) (rate(node_cpu_seconds_total[5m]))",
        "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "topk(5, rate(node_cpu_seconds_total{instance=~\"host-00.*\"}[5m]))",
        "node_cpu_seconds_total / on (instance, mode) group_left up",
    })
    public String query;

    @Param({"0"})
    public int parallelism;

    private Head head;
    private PromqlEngine engine;
    private Queryable storage;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        head = new Head(4 * 3600_000L, 0, 0, HeadJournal.NONE);
        EngineSettings settings = EngineSettings.defaults();
        engine = new PromqlEngine(parallelism == 0 ? settings : settings.withParallelism(parallelism));
        storage = head::querier;
        Random random = new Random(1);
        String[] modes = {"user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice"};
        double[] les = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, Double.POSITIVE_INFINITY};
        long[] refs = new long[20_000];
        double[] values = new double[refs.length];
        for (long t = START; t <= END; t += 15_000) {
            Appender app = head.appender();
            int r = 0;
            for (int h = 0; h < 1000; h++) {
                String instance = String.format(Locale.ROOT, "host-%04d", h);
                String job = "job-" + (h % 10);
                for (String mode : modes) {
                    values[r] += random.nextDouble() * 15;
                    refs[r] = app.append(refs[r], Labels.of("__name__", "node_cpu_seconds_total", "instance", instance,
                            "job", job, "mode", mode), t + random.nextInt(50), values[r]);
                    r++;
                }
                refs[r] = app.append(refs[r], Labels.of("__name__", "up", "instance", instance, "job", job, "mode", "user"), t, 1);
                r++;
                if (h < 100) {
                    double cumulative = 0;
                    for (double le : les) {
                        cumulative += random.nextInt(20);
                        values[r] += cumulative;
                        refs[r] = app.append(refs[r], Labels.of("__name__", "http_request_duration_seconds_bucket",
                                "instance", instance, "job", job, "le", le == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(le)),
                                t, values[r]);
                        r++;
                    }
                }
            }
            app.commit();
        }
    }

    @Benchmark
    public QueryResult instantQuery() {
        return engine.instantQuery(storage, query, END);
    }

    @Benchmark
    public QueryResult rangeQueryOneHour() {
        return engine.rangeQuery(storage, query, START + 600_000, END, 60_000);
    }

}
