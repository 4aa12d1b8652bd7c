package dev.panoptes.metrics.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.panoptes.core.codec.CorruptDataException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DenseFloatChunkTest {

    private static void assertRoundTrip(long[] ts, double[] vs) {
        byte[] chunk = DenseFloatChunk.encode(ts, vs, ts.length);
        long[] t = new long[ts.length];
        double[] v = new double[ts.length];
        assertThat(DenseFloatChunk.decode(chunk, 0, chunk.length, t, v)).isEqualTo(ts.length);
        assertThat(t).containsExactly(ts);
        for (int i = 0; i < vs.length; i++) {
            assertThat(Double.doubleToRawLongBits(v[i])).as("value %d: %s", i, vs[i]).isEqualTo(Double.doubleToRawLongBits(vs[i]));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void everyKindOfValueRoundTripsBitExactly(int kind) {
        Random random = new Random(kind);
        int n = 1 + random.nextInt(3000);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long t = 1_795_474_603_533L;
        double counter = 0;
        for (int i = 0; i < n; i++) {
            t += 5000 + random.nextInt(9) - 4;
            ts[i] = t;
            counter += random.nextInt(1000);
            vs[i] = switch (kind) {
                case 0 -> counter;
                case 1 -> Math.round(random.nextGaussian() * 1e6) / 1000.0;
                case 2 -> random.nextGaussian();
                case 3 -> i % 17 == 0 ? Double.longBitsToDouble(0x7ff0000000000002L) : counter;
                case 4 -> i % 5 == 0 ? Double.NaN : -0.0;
                case 5 -> 3.7813e-05 * (1 + i % 3);
                case 6 -> i % 2 == 0 ? 1e300 : 1e-300;
                default -> 42;
            };
        }
        assertRoundTrip(ts, vs);
    }

    @Test
    void aScrapedCounterWithRandomJitterTakesUnderABytePerSample() {
        int n = 720;
        long[] ts = new long[n];
        double[] vs = new double[n];
        Random random = new Random(1);
        for (int i = 0; i < n; i++) {
            ts[i] = 1_795_474_603_533L + i * 5000L + random.nextInt(5);
            vs[i] = i * 1024.0;
        }
        byte[] chunk = DenseFloatChunk.encode(ts, vs, n);
        // Uniform jitter of 0-4 ms is the worst case for timestamps; Gorilla needs 2 bytes for each.
        assertThat(chunk.length).isLessThan(n * 7 / 10);
        assertRoundTrip(ts, vs);
    }

    @Test
    void aDamagedChunkFailsToDecode() {
        long[] ts = {1, 2, 3};
        double[] vs = {1.5, 2.5, 3.5};
        byte[] chunk = DenseFloatChunk.encode(ts, vs, 3);
        byte[] cut = Arrays.copyOf(chunk, chunk.length - 2);
        assertThatThrownBy(() -> DenseFloatChunk.decode(cut, 0, cut.length, new long[3], new double[3]))
                .isInstanceOf(CorruptDataException.class);
    }
}
