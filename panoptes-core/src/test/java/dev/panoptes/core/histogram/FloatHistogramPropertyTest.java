package dev.panoptes.core.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Addition, subtraction and reset detection against a model: bucket counts by index. */
class FloatHistogramPropertyTest {

    /** A histogram of integer counts (so sums are exact) at a random schema with random sparse buckets. */
    private static FloatHistogram random(Random random) {
        FloatHistogram h = new FloatHistogram().schema(random.nextInt(13) - 4);
        double[] total = new double[1];
        fill(random, total, true, h);
        fill(random, total, false, h);
        return h.count(total[0]).sum(random.nextInt(100));
    }

    private static void fill(Random random, double[] total, boolean positive, FloatHistogram h) {
        List<Span> spans = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        int index = random.nextInt(20) - 10;
        int spanCount = random.nextInt(4);
        for (int s = 0; s < spanCount; s++) {
            int offset = s == 0 ? index : random.nextInt(4);
            int length = random.nextInt(4);
            spans.add(new Span(offset, length));
            for (int i = 0; i < length; i++) {
                double c = random.nextInt(4);
                counts.add(c);
                total[0] += c;
            }
        }
        double[] array = counts.stream().mapToDouble(Double::doubleValue).toArray();
        if (positive) {
            h.positiveSpans(spans.toArray(new Span[0])).positiveBuckets(array);
        } else {
            h.negativeSpans(spans.toArray(new Span[0])).negativeBuckets(array);
        }
    }

    /** Non-zero bucket counts by signed position: positive index i as i, negative as -(i + 10000). */
    private static TreeMap<Integer, Double> model(FloatHistogram h, int schema) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        BucketCursor cursor = new BucketCursor().reset(h);
        while (cursor.next()) {
            if (cursor.isZeroBucket()) {
                continue;
            }
            int index = BucketBounds.reducedIndex(cursor.index(), h.schema(), schema);
            int key = cursor.upper() > 0 ? index : -(index + 10000);
            m.merge(key, cursor.count(), Double::sum);
        }
        m.values().removeIf(v -> v == 0);
        return m;
    }

    private static TreeMap<Integer, Double> plus(TreeMap<Integer, Double> a, TreeMap<Integer, Double> b, double sign) {
        TreeMap<Integer, Double> m = new TreeMap<>(a);
        b.forEach((k, v) -> m.merge(k, sign * v, Double::sum));
        m.values().removeIf(v -> v == 0);
        return m;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void additionMatchesBucketsByBoundaryAtTheCoarserSchema(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            FloatHistogram a = random(random);
            FloatHistogram b = random(random);
            int schema = Math.min(a.schema(), b.schema());

            FloatHistogram sum = a.copy();
            sum.add(b);

            assertThat(sum.schema()).isEqualTo(schema);
            assertThat(model(sum, schema)).as("%s + %s", a, b).isEqualTo(plus(model(a, schema), model(b, schema), 1));
            assertThat(sum.count()).isEqualTo(a.count() + b.count());
            sum.validate();

            // Adding only non-negative counts is no counter reset; going back is one if anything was added.
            assertThat(sum.detectReset(a)).as("%s after %s", sum, a).isFalse();
            // (A finer schema than before also counts as a reset.)
            assertThat(a.detectReset(sum)).isEqualTo(b.count() > 0 || a.schema() > schema);

            FloatHistogram difference = sum.copy();
            difference.sub(b);
            assertThat(model(difference, schema)).isEqualTo(model(a, schema));
            assertThat(difference.count()).isEqualTo(a.count());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32})
    void sameLayoutsAddInPlaceWithTheSameResult(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            FloatHistogram a = random(random);
            FloatHistogram b = a.copy();
            for (int i = 0; i < b.positiveBuckets().length; i++) {
                b.positiveBuckets()[i] = random.nextInt(4);
            }
            double[] own = a.positiveBuckets();
            TreeMap<Integer, Double> expected = plus(model(a, a.schema()), model(b, a.schema()), 1);

            a.add(b);

            assertThat(a.positiveBuckets()).isSameAs(own);
            assertThat(model(a, a.schema())).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void compactionAndReductionKeepEveryObservation(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            FloatHistogram h = random(random);
            int target = BucketBounds.MIN_EXPONENTIAL_SCHEMA + random.nextInt(h.schema() - BucketBounds.MIN_EXPONENTIAL_SCHEMA + 1);

            FloatHistogram compacted = h.copy().compact(random.nextInt(3));
            FloatHistogram reduced = h.copy().reduceResolution(target);

            assertThat(model(compacted, h.schema())).isEqualTo(model(h, h.schema()));
            compacted.validate();
            assertThat(model(reduced, target)).isEqualTo(model(h, target));
            reduced.validate();
            // Bucket boundaries survive: each reduced bucket spans exactly the merged ones.
            BucketCursor cursor = new BucketCursor().reset(reduced);
            while (cursor.next()) {
                assertThat(cursor.lower()).isLessThan(cursor.upper());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22})
    void cursorWalksEveryBucketOnceInValueOrderBothWays(long seed) {
        Random random = new Random(seed);
        BucketCursor cursor = new BucketCursor();
        for (int round = 0; round < 200; round++) {
            FloatHistogram h = random(random).zeroCount(random.nextInt(2)).zeroThreshold(random.nextBoolean() ? 0 : 1e-9);
            List<double[]> up = new ArrayList<>();
            cursor.reset(h);
            while (cursor.next()) {
                up.add(new double[] {cursor.lower(), cursor.upper(), cursor.count()});
            }
            List<double[]> down = new ArrayList<>();
            cursor.resetDescending(h);
            while (cursor.next()) {
                down.add(new double[] {cursor.lower(), cursor.upper(), cursor.count()});
            }
            assertThat(up).hasSize(h.positiveBuckets().length + h.negativeBuckets().length + (h.zeroCount() > 0 ? 1 : 0));
            for (int i = 0; i < up.size(); i++) {
                assertThat(down.get(up.size() - 1 - i)).containsExactly(up.get(i));
                if (i > 0) {
                    assertThat(up.get(i)[0]).as("buckets ascend without overlap").isGreaterThanOrEqualTo(up.get(i - 1)[1]);
                }
            }
        }
    }
}
