package dev.panoptes.metrics.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.codec.CorruptDataException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class XorChunkTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7})
    void randomSeriesRoundTripBitExactly(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(500);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long t = random.nextLong() >> 20;
        double v = random.nextGaussian() * 1000;
        for (int i = 0; i < n; i++) {
            // Mix regular scrapes, jitter, huge gaps and every kind of value change.
            t += switch (random.nextInt(5)) {
                case 0 -> 15_000;
                case 1 -> 15_000 + random.nextInt(2000) - 1000;
                case 2 -> random.nextInt(100_000_000);
                case 3 -> 1;
                default -> 15_000 + random.nextInt(600_000);
            };
            v = switch (random.nextInt(6)) {
                case 0 -> v;
                case 1 -> v + 1;
                case 2 -> random.nextGaussian();
                case 3 -> Double.longBitsToDouble(0x7ff0000000000002L); // the stale marker
                case 4 -> random.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
                default -> Math.floor(v * 3.7);
            };
            ts[i] = t;
            vs[i] = v;
        }
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < n; i++) {
            chunk.append(ts[i], vs[i]);
        }
        assertThat(chunk.count()).isEqualTo(n);
        byte[] bytes = chunk.toByteArray();
        XorIterator it = new XorIterator().reset(bytes, 0, bytes.length);
        for (int i = 0; i < n; i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.t()).isEqualTo(ts[i]);
            assertThat(Double.doubleToRawLongBits(it.v())).isEqualTo(Double.doubleToRawLongBits(vs[i]));
        }
        assertThat(it.next()).isFalse();
    }

    @Test
    void regularScrapesOfACounterTakeAboutOneByteAndAHalfPerSample() {
        XorChunk chunk = new XorChunk();
        double v = 0;
        for (int i = 0; i < 120; i++) {
            v += 17 * (i % 3);
            chunk.append(1_700_000_000_000L + i * 15_000L, v);
        }
        assertThat(chunk.length()).isLessThan(120 * 2);
    }

    @Test
    void aReaderOfThePrefixIgnoresLaterAppends() {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < 10; i++) {
            chunk.append(i * 1000L, i);
        }
        byte[] snapshot = chunk.bytes();
        int count = chunk.count();
        int length = chunk.length();
        for (int i = 10; i < 12; i++) {
            chunk.append(i * 1000L, i);
        }
        XorIterator it = new XorIterator().reset(snapshot, 0, length, count);
        int seen = 0;
        while (it.next()) {
            assertThat(it.v()).isEqualTo(seen);
            seen++;
        }
        assertThat(seen).isEqualTo(10);
    }

    @Test
    void aTruncatedChunkFailsInsteadOfInventingSamples() {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < 50; i++) {
            chunk.append(i * 1000L + (i * i) % 7, Math.sqrt(i));
        }
        byte[] cut = Arrays.copyOf(chunk.toByteArray(), chunk.length() / 2);
        XorIterator it = new XorIterator().reset(cut, 0, cut.length);
        assertThatThrownBy(() -> {
            while (it.next()) {
                // drain
            }
        }).isInstanceOf(CorruptDataException.class);
    }
}
