package dev.panoptes.bench;

import dev.panoptes.metrics.tsdb.chunk.DenseFloatChunk;
import dev.panoptes.metrics.tsdb.chunk.XorChunk;
import dev.panoptes.metrics.tsdb.chunk.XorIterator;
import java.util.Random;
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
 * Encoding and decoding one chunk of a scraped counter with millisecond jitter: the head's
 * Gorilla chunk (120 samples) and the blocks' dense chunk (1440 samples, two hours at 5 s).
 * Reported per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ChunkBenchmark {

    private static final int HEAD = 120;
    private static final int DENSE = 1440;

    private final long[] ts = new long[DENSE];
    private final double[] vs = new double[DENSE];
    private byte[] xor;
    private byte[] dense;
    private final XorIterator iterator = new XorIterator();
    private final long[] decodedT = new long[DENSE];
    private final double[] decodedV = new double[DENSE];

    @Setup
    public void setup() {
        Random random = new Random(1);
        double counter = 0;
        for (int i = 0; i < DENSE; i++) {
            ts[i] = 1_795_474_603_533L + i * 5000L + random.nextInt(5);
            counter += random.nextInt(4096);
            vs[i] = counter;
        }
        xor = encodeXor().toByteArray();
        dense = DenseFloatChunk.encode(ts, vs, DENSE);
    }

    private XorChunk encodeXor() {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < HEAD; i++) {
            chunk.append(ts[i], vs[i]);
        }
        return chunk;
    }

    @Benchmark
    @OperationsPerInvocation(HEAD)
    public XorChunk xorEncode() {
        return encodeXor();
    }

    @Benchmark
    @OperationsPerInvocation(HEAD)
    public void xorDecode(Blackhole bh) {
        iterator.reset(xor, 0, xor.length);
        while (iterator.next()) {
            bh.consume(iterator.t());
            bh.consume(iterator.v());
        }
    }

    @Benchmark
    @OperationsPerInvocation(DENSE)
    public byte[] denseEncode() {
        return DenseFloatChunk.encode(ts, vs, DENSE);
    }

    @Benchmark
    @OperationsPerInvocation(DENSE)
    public int denseDecode() {
        return DenseFloatChunk.decode(dense, 0, dense.length, decodedT, decodedV);
    }
}
