package dev.panoptes.bench;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.exposition.ExpositionParseException;
import dev.panoptes.wire.exposition.ExpositionSink;
import dev.panoptes.wire.exposition.ProtobufExpositionParser;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing a protobuf exposition as the Prometheus Java client writes it: 20 counters of 50
 * labelled series each and 20 native histograms of 10 series each, 1,200 series in all.
 * Reported per series (a sample or a native histogram).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ProtobufExpositionBenchmark {

    private static final int SERIES = 20 * 50 + 20 * 10;

    private byte[] body;

    @Setup
    public void setup() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        for (int m = 0; m < 20; m++) {
            Counter counter = Counter.builder().name("requests_" + m + "_total").labelNames("path", "code").register(registry);
            for (int s = 0; s < 50; s++) {
                counter.labelValues("/api/v1/resource/" + s, s % 5 == 0 ? "500" : "200").inc(s * 3 + m);
            }
            io.prometheus.metrics.core.metrics.Histogram histogram = io.prometheus.metrics.core.metrics.Histogram.builder()
                    .name("latency_" + m + "_seconds").nativeOnly().labelNames("route").register(registry);
            for (int s = 0; s < 10; s++) {
                for (int o = 1; o <= 100; o++) {
                    histogram.labelValues("route" + s).observe(o * 0.001 * (s + 1));
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusProtobufWriter().write(out, registry.scrape());
        body = out.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void parse(Blackhole bh) throws ExpositionParseException {
        new ProtobufExpositionParser(new ProtobufExpositionParser.Options(true, false), new ExpositionSink() {
            @Override
            public void sample(Labels labels, double value, long timestampMs, ParsedExemplar exemplar) {
                bh.consume(labels);
                bh.consume(value);
            }

            @Override
            public void histogram(Labels labels, Histogram histogram, FloatHistogram floatHistogram, long timestampMs, long createdMs,
                                  List<ParsedExemplar> exemplars) {
                bh.consume(labels);
                bh.consume(histogram);
            }
        }).parse(body, 0, body.length);
    }
}
