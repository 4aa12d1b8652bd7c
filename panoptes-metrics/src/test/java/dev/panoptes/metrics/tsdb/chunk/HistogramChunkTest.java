package dev.panoptes.metrics.tsdb.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.histogram.CounterResetHint;
import dev.panoptes.core.histogram.FloatHistogram;
import dev.panoptes.core.histogram.Histogram;
import dev.panoptes.core.histogram.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class HistogramChunkTest {

    public static Histogram randomHistogram(Random random, Histogram previous) {
        boolean keepLayout = previous != null && random.nextInt(4) != 0;
        Histogram h = keepLayout ? previous.copy() : new Histogram();
        if (!keepLayout) {
            if (random.nextInt(5) == 0) {
                h.schema(Histogram.CUSTOM_BUCKETS_SCHEMA).customValues(0.1, 0.5, 1, 5);
                h.positiveSpans(new Span(0, 5)).positiveBuckets(new long[5]);
            } else {
                h.schema(random.nextInt(13) - 4).zeroThreshold(random.nextBoolean() ? 0 : 1e-128);
                h.positiveSpans(new Span(random.nextInt(10) - 5, 2), new Span(random.nextInt(3), 1)).positiveBuckets(new long[3]);
                if (random.nextBoolean()) {
                    h.negativeSpans(new Span(0, 2)).negativeBuckets(new long[2]);
                }
            }
        }
        long[] pos = h.positiveBuckets().clone();
        for (int i = 0; i < pos.length; i++) {
            pos[i] += random.nextInt(3) == 0 ? random.nextInt(7) - 2 : 0;
        }
        h.positiveBuckets(pos);
        h.count(Math.abs(h.count() + random.nextInt(20))).zeroCount(random.nextInt(3)).sum(h.sum() + random.nextGaussian());
        h.counterResetHint(CounterResetHint.values()[random.nextInt(4)]);
        return h;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void integerHistogramsRoundTrip(long seed) {
        Random random = new Random(seed);
        HistogramChunk chunk = new HistogramChunk(false);
        List<Histogram> written = new ArrayList<>();
        Histogram previous = null;
        long t = 1_700_000_000_000L;
        for (int i = 0; i < 150; i++) {
            previous = randomHistogram(random, previous);
            t += 15_000 + random.nextInt(3) * 7;
            chunk.append(t, previous);
            written.add(previous.copy());
        }
        byte[] bytes = chunk.toByteArray();
        HistogramIterator it = new HistogramIterator().reset(bytes, 0, bytes.length);
        Histogram reuse = new Histogram();
        for (Histogram expected : written) {
            assertThat(it.next()).isTrue();
            assertThat(it.histogram(reuse)).isEqualTo(expected);
            assertThat(it.floatHistogram(null)).isEqualTo(expected.toFloat());
        }
        assertThat(it.next()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7, 8})
    void floatHistogramsRoundTripBitExactly(long seed) {
        Random random = new Random(seed);
        HistogramChunk chunk = new HistogramChunk(true);
        List<FloatHistogram> written = new ArrayList<>();
        Histogram previous = null;
        for (int i = 0; i < 100; i++) {
            previous = randomHistogram(random, previous);
            FloatHistogram f = previous.toFloat();
            if (random.nextBoolean()) {
                f.sum(random.nextGaussian()).count(f.count() * 0.37);
            }
            chunk.append(i * 1000L, f);
            written.add(f.copy());
        }
        byte[] bytes = chunk.toByteArray();
        HistogramIterator it = new HistogramIterator().reset(bytes, 0, bytes.length);
        for (FloatHistogram expected : written) {
            assertThat(it.next()).isTrue();
            assertThat(it.floatHistogram(new FloatHistogram())).isEqualTo(expected);
        }
        assertThat(it.next()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {10})
    void aSteadyHistogramCostsFewBytesPerSample(int buckets) {
        HistogramChunk chunk = new HistogramChunk(false);
        Histogram h = new Histogram().schema(3).positiveSpans(new Span(0, buckets)).positiveBuckets(new long[buckets]);
        for (int i = 0; i < 120; i++) {
            long[] deltas = h.positiveBuckets().clone();
            deltas[i % buckets] += 1;
            h.positiveBuckets(deltas).count(h.count() + 1).sum(h.sum() + 0.25);
            chunk.append(i * 15_000L, h);
        }
        assertThat(chunk.length() / 120.0).isLessThan(buckets);
    }
}
