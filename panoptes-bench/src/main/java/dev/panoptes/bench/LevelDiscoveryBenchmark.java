package dev.panoptes.bench;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.ingest.LevelDiscovery;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The {@code detected_level} every pushed entry is given, per entry, over 1000 lines of about 150
 * bytes of one shape: a plain line with its level as a word ({@code plain}, the application lines
 * of {@link LogBenchmark}), logfmt with a {@code level} pair, JSON with a {@code level} member,
 * and a line with no level at all, which the word search reads to its end. To be read against
 * {@code LogBenchmark.storePush}, the cost of storing the same entry.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LevelDiscoveryBenchmark {

    private static final int LINES = 1000;
    private static final Labels STREAM = Labels.of("app", "shop", "env", "prod");

    @Param({"plain", "logfmt", "json", "none"})
    public String shape;

    private String[] lines;
    private final LevelDiscovery levels = new LevelDiscovery(LevelDiscovery.DEFAULT_FIELDS, 2);

    @Setup
    public void setup() {
        Random random = new Random(42);
        String[] words = {"INFO", "WARN", "ERROR", "DEBUG"};
        lines = new String[LINES];
        for (int i = 0; i < LINES; i++) {
            String level = words[random.nextInt(words.length)];
            String order = Long.toHexString(random.nextLong());
            int user = random.nextInt(50_000);
            int took = random.nextInt(500);
            lines[i] = switch (shape) {
                case "plain" -> LogBenchmark.line(random, i).replace(" INFO ", " " + level + " ");
                case "logfmt" -> "ts=2026-12-02T01:10:11.123Z caller=orders.go:142 level=" + level.toLowerCase() + " msg=\"order paid\" order="
                        + order + " user=user" + user + " path=/api/orders status=200 took=" + took + "ms";
                case "json" -> "{\"ts\":\"2026-12-02T01:10:11.123Z\",\"caller\":\"orders.go:142\",\"level\":\"" + level.toLowerCase()
                        + "\",\"msg\":\"order paid\",\"order\":\"" + order + "\",\"user\":\"user" + user + "\",\"took\":" + took + "}";
                case "none" -> "2026-12-02T01:10:11.123Z [worker-" + random.nextInt(16) + "] o.e.shop.OrderService: order " + order
                        + " paid by user" + user + " path=/api/orders/" + random.nextInt(10_000) + " status=200 took=" + took + "ms";
                default -> throw new IllegalStateException(shape);
            };
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void detect(Blackhole bh) {
        for (String line : lines) {
            bh.consume(levels.withLevel(STREAM, Labels.empty(), line));
        }
    }
}
