package dev.panoptes.metrics.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartTimestampChunksTest {

    /** Timestamps with jitter and gaps, and start timestamps in every pattern producers send. */
    private record Samples(long[] ts, long[] sts, double[] vs) {
        static Samples random(Random random, int n) {
            long[] ts = new long[n];
            long[] sts = new long[n];
            double[] vs = new double[n];
            long t = 1_700_000_000_000L + random.nextInt(1_000_000);
            long start = t - random.nextInt(100_000);
            double v = 0;
            for (int i = 0; i < n; i++) {
                long previousT = t;
                t += random.nextInt(4) == 0 ? 1 + random.nextInt(10_000_000) : 15_000 + random.nextInt(40) - 20;
                start = switch (random.nextInt(7)) {
                    case 0, 1 -> start;                                  // cumulative: the same start
                    case 2 -> previousT;                                 // delta: the previous sample
                    case 3 -> 0;                                         // none
                    case 4 -> t - 1;                                     // one millisecond before
                    case 5 -> t + random.nextInt(1000);                  // at or after the sample (invalid, kept)
                    default -> t - random.nextInt(Integer.MAX_VALUE);    // anything earlier
                };
                v = random.nextBoolean() ? v + random.nextInt(100) : random.nextGaussian();
                ts[i] = t;
                sts[i] = start;
                vs[i] = v;
            }
            return new Samples(ts, sts, vs);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void floatChunksKeepEveryStartTimestamp(long seed) {
        Samples s = Samples.random(new Random(seed), 1 + new Random(seed).nextInt(400));
        XorChunk chunk = new XorChunk(32, true);
        for (int i = 0; i < s.ts.length; i++) {
            chunk.append(s.sts[i], s.ts[i], s.vs[i]);
        }
        assertThat(chunk.encoding()).isEqualTo((byte) (ChunkEncoding.XOR | ChunkEncoding.START_TIMESTAMPS));
        byte[] bytes = chunk.toByteArray();
        XorIterator it = new XorIterator().reset(bytes, 0, bytes.length, chunk.count(), true);
        for (int i = 0; i < s.ts.length; i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.t()).isEqualTo(s.ts[i]);
            assertThat(it.st()).as("start of sample %d", i).isEqualTo(s.sts[i]);
            assertThat(Double.doubleToRawLongBits(it.v())).isEqualTo(Double.doubleToRawLongBits(s.vs[i]));
        }
        assertThat(it.next()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void histogramChunksKeepEveryStartTimestamp(long seed) {
        Random random = new Random(seed);
        Samples s = Samples.random(random, 150);
        HistogramChunk ints = new HistogramChunk(false, true);
        HistogramChunk floats = new HistogramChunk(true, true);
        List<Histogram> written = new ArrayList<>();
        Histogram previous = null;
        for (int i = 0; i < s.ts.length; i++) {
            previous = HistogramChunkTest.randomHistogram(random, previous);
            ints.append(s.sts[i], s.ts[i], previous);
            floats.append(s.sts[i], s.ts[i], previous.toFloat());
            written.add(previous.copy());
        }
        for (HistogramChunk chunk : List.of(ints, floats)) {
            byte[] bytes = chunk.toByteArray();
            HistogramIterator it = new HistogramIterator().reset(bytes, 0, bytes.length, chunk.count(), true);
            for (int i = 0; i < s.ts.length; i++) {
                assertThat(it.next()).isTrue();
                assertThat(it.t()).isEqualTo(s.ts[i]);
                assertThat(it.st()).isEqualTo(s.sts[i]);
                FloatHistogram expected = written.get(i).toFloat();
                assertThat(it.floatHistogram(null).count()).isEqualTo(expected.count());
            }
            assertThat(it.next()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void denseChunksKeepEveryStartTimestamp(long seed) {
        Samples s = Samples.random(new Random(seed), 3000);
        int n = s.ts.length;
        byte[] bytes = DenseFloatChunk.encode(s.ts, s.vs, s.sts, n);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long[] sts = new long[n];
        assertThat(DenseFloatChunk.decode(bytes, 0, bytes.length, ts, vs, sts)).isEqualTo(n);
        assertThat(ts).isEqualTo(s.ts);
        assertThat(sts).isEqualTo(s.sts);
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToRawLongBits(vs[i])).isEqualTo(Double.doubleToRawLongBits(s.vs[i]));
        }
    }

    @Test
    void aConstantStartCostsOneBitPerSampleAndADeltaStartTwo() {
        XorChunk plain = new XorChunk();
        XorChunk cumulative = new XorChunk(32, true);
        XorChunk delta = new XorChunk(32, true);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 120; i++) {
            long t = t0 + i * 15_000L;
            plain.append(t, i);
            cumulative.append(t0 - 5_000, t, i);
            delta.append(t - 15_000, t, 1);
        }
        // The first sample spells its start out in a few bytes; each later one costs its code.
        assertThat((long) cumulative.length() - plain.length()).isLessThanOrEqualTo(120 / 8 + 6);
        XorChunk plainDelta = new XorChunk();
        for (int i = 0; i < 120; i++) {
            plainDelta.append(t0 + i * 15_000L, 1);
        }
        assertThat((long) delta.length() - plainDelta.length()).isLessThanOrEqualTo(2 * 120 / 8 + 6);
    }

    @Test
    void chunksWithoutStartTimestampsAreUnchangedAndRefuseOne() {
        XorChunk chunk = new XorChunk();
        chunk.append(1000, 1);
        assertThat(chunk.encoding()).isEqualTo(ChunkEncoding.XOR);
        assertThatThrownBy(() -> chunk.append(500, 2000, 2)).isInstanceOf(IllegalArgumentException.class);
        HistogramChunk histograms = new HistogramChunk(false);
        assertThat(histograms.encoding()).isEqualTo(ChunkEncoding.HISTOGRAM);
        assertThatThrownBy(() -> histograms.append(500, 2000, new Histogram())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void reEncodingASeriesKeepsStartsAndCutsAChunkWhereTheyBegin(long seed) {
        Random random = new Random(seed);
        Samples s = Samples.random(random, 500);
        // The first samples have no start, as a series that gained them mid-way.
        int plainPrefix = 1 + random.nextInt(200);
        for (int i = 0; i < plainPrefix; i++) {
            s.sts[i] = 0;
        }
        s.sts[plainPrefix] = s.ts[plainPrefix] - 1;
        XorChunk head = new XorChunk(32, true);
        for (int i = 0; i < s.ts.length; i++) {
            head.append(s.sts[i], s.ts[i], s.vs[i]);
        }
        ChunkList one = chunkList(List.of(new EncodedChunk(head.encoding(), s.ts[0], s.ts[s.ts.length - 1], head.count(),
                head.toByteArray(), 0, head.length())));
        List<EncodedChunk> chunks = new SeriesChunkEncoder(120).encode(new ChunkListIterator().reset(one, Long.MIN_VALUE, Long.MAX_VALUE));
        assertThat(ChunkEncoding.hasStartTimestamps(chunks.getFirst().encoding())).isFalse();
        assertThat(chunks.getFirst().samples()).isLessThanOrEqualTo(plainPrefix);
        SampleIterator it = new ChunkListIterator().reset(chunkList(chunks), Long.MIN_VALUE, Long.MAX_VALUE);
        for (int i = 0; i < s.ts.length; i++) {
            assertThat(it.next()).isEqualTo(ValueType.FLOAT);
            assertThat(it.atT()).isEqualTo(s.ts[i]);
            assertThat(it.atStartTimestamp()).isEqualTo(s.sts[i]);
        }
        assertThat(it.next()).isEqualTo(ValueType.NONE);
    }

    static ChunkList chunkList(List<EncodedChunk> chunks) {
        int n = chunks.size();
        byte[][] bytes = new byte[n][];
        byte[] encodings = new byte[n];
        int[] lengths = new int[n];
        int[] counts = new int[n];
        long[] maxTimes = new long[n];
        for (int i = 0; i < n; i++) {
            EncodedChunk c = chunks.get(i);
            bytes[i] = java.util.Arrays.copyOfRange(c.bytes(), c.offset(), c.offset() + c.length());
            encodings[i] = c.encoding();
            lengths[i] = c.length();
            counts[i] = c.samples();
            maxTimes[i] = c.maxTime();
        }
        return new ChunkList(bytes, encodings, lengths, counts, maxTimes, n);
    }
}
