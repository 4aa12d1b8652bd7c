package dev.panoptes.bench;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.remotewrite.RemoteWriteDecoder;
import dev.panoptes.wire.remotewrite.RemoteWriteFormatException;
import dev.panoptes.wire.remotewrite.RemoteWriteSink;
import io.airlift.compress.snappy.SnappyDecompressor;
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
 * Decoding a remote write 1.0 request of 2000 series with one sample each (as Prometheus
 * batches them), from snappy bytes to labels and samples handed to a sink. Reported per sample;
 * samples per second per core is the inverse.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RemoteWriteDecodeBenchmark {

    private static final int SAMPLES = 2000;

    private byte[] compressed;
    private byte[] body;
    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(1024, 2048, 30);

    @Setup
    public void setup() {
        compressed = RemoteWriteRequests.snappy(RemoteWriteRequests.request(0, SAMPLES, 1_795_474_600_000L));
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public void decode(Blackhole bh) throws RemoteWriteFormatException {
        int length = SnappyDecompressor.getUncompressedLength(compressed, 0);
        if (body == null || body.length != length) {
            body = new byte[length];
        }
        new SnappyDecompressor().decompress(compressed, 0, compressed.length, body, 0, length);
        decoder.decodeV1(body, 0, length, new RemoteWriteSink() {
            @Override
            public void series(Labels labels) {
                bh.consume(labels);
            }

            @Override
            public void sample(long timestampMs, double value) {
                bh.consume(timestampMs);
                bh.consume(value);
            }

            @Override
            public void histogram(long timestampMs, Histogram histogram, FloatHistogram floatHistogram) {
                bh.consume(histogram);
            }

            @Override
            public void exemplar(Labels labels, double value, long timestampMs) {
                bh.consume(labels);
            }

            @Override
            public void metadata(String metricFamily, String type, String help, String unit) {
                bh.consume(metricFamily);
            }
        });
    }
}
