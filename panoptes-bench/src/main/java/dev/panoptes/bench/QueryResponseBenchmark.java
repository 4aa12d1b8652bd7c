package dev.panoptes.bench;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.metrics.api.QueryResultJson;
import dev.panoptes.metrics.promql.Matrix;
import dev.panoptes.metrics.promql.QueryResult;
import dev.panoptes.metrics.promql.RangeSeries;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Writing a range query's answer as Prometheus' JSON: 1000 series of 1000 points each, as
 * counters (integral values, the cheap case), decimals (values with two decimal places, as
 * gauges of temperatures or percentages carry them) or gauges (random doubles of 16-17
 * significant digits, the expensive one). Reported per point; the bytes go to a sink that only counts.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class QueryResponseBenchmark {

    private static final int SERIES = 1000;
    private static final int POINTS = 1000;

    @Param({"counter", "decimal", "gauge"})
    public String values;

    private QueryResult result;
    private final CountingSink sink = new CountingSink();

    @Setup
    public void setup() {
        Random random = new Random(7);
        List<RangeSeries> series = new ArrayList<>(SERIES);
        for (int s = 0; s < SERIES; s++) {
            long[] ts = new long[POINTS];
            double[] vs = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                ts[i] = 1_795_474_600_000L + i * 15_000L;
                vs[i] = switch (values) {
                    case "counter" -> i * 17.0;
                    case "decimal" -> random.nextInt(10_000_000) / 100.0;
                    default -> random.nextDouble() * 1000;
                };
            }
            series.add(new RangeSeries(Labels.of("__name__", "node_cpu_seconds_total", "instance", "host-" + s + ":9100",
                    "job", "node", "mode", "idle"), ts, vs, new long[0], new FloatHistogram[0]));
        }
        result = new QueryResult(new Matrix(series), List.of(), List.of(), 0, 0);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * POINTS)
    public long write() throws IOException {
        sink.count = 0;
        QueryResultJson.write(sink, result);
        return sink.count;
    }

    /** Counts bytes and drops them. */
    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
