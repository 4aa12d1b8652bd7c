package dev.panoptes.core.histogram;

import java.util.Arrays;

/**
 * One side's buckets as parallel arrays of ascending indices and counts: the working form of
 * addition, compaction and resolution reduction, turned back into spans at the end. Not
 * thread-safe.
 */
final class BucketList {

    private int[] indices;
    private double[] counts;
    private int size;

    BucketList(int capacity) {
        indices = new int[Math.max(capacity, 4)];
        counts = new double[Math.max(capacity, 4)];
    }

    /** The buckets {@code walk} yields, in its (possibly reduced) schema. */
    static BucketList of(SpanWalk walk, int capacity) {
        BucketList list = new BucketList(capacity);
        while (walk.next()) {
            list.append(walk.index(), walk.count());
        }
        return list;
    }

    /** Appends a bucket; an index equal to the last one adds to it. Indices must not decrease. */
    void append(int index, double count) {
        if (size > 0 && indices[size - 1] == index) {
            counts[size - 1] += count;
            return;
        }
        if (size == indices.length) {
            indices = Arrays.copyOf(indices, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        indices[size] = index;
        counts[size] = count;
        size++;
    }

    int size() {
        return size;
    }

    int index(int i) {
        return indices[i];
    }

    double count(int i) {
        return counts[i];
    }

    /**
     * {@code a + sign·b} bucket by bucket, matched by index. Buckets of {@code b} whose upper bound
     * (in exponential {@code schema}) is at most {@code threshold} are left out: their counts are
     * already in the zero bucket.
     */
    static BucketList merge(BucketList a, BucketList b, double sign, int schema, double threshold) {
        BucketList out = new BucketList(a.size + b.size);
        int j = 0;
        if (threshold > 0 && BucketBounds.isExponentialSchema(schema)) {
            while (j < b.size && BucketBounds.exponential(b.indices[j], schema) <= threshold) {
                j++;
            }
        }
        int i = 0;
        while (i < a.size || j < b.size) {
            if (j >= b.size || (i < a.size && a.indices[i] < b.indices[j])) {
                out.append(a.indices[i], a.counts[i]);
                i++;
            } else if (i >= a.size || b.indices[j] < a.indices[i]) {
                out.append(b.indices[j], sign * b.counts[j]);
                j++;
            } else {
                out.append(a.indices[i], a.counts[i] + sign * b.counts[j]);
                i++;
                j++;
            }
        }
        return out;
    }

    /** Drops the buckets whose count is exactly zero. */
    BucketList withoutEmpty() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (counts[i] != 0) {
                indices[n] = indices[i];
                counts[n] = counts[i];
                n++;
            }
        }
        size = n;
        return this;
    }

    /**
     * Spans over the buckets; gaps of at most {@code maxGap} empty buckets are kept inside a span
     * (their counts written as zeros by {@link #countsFilling}).
     */
    Span[] spans(int maxGap) {
        if (size == 0) {
            return Histogram.NO_SPANS;
        }
        int spanCount = 1;
        for (int i = 1; i < size; i++) {
            if ((long) indices[i] - indices[i - 1] - 1 > maxGap) {
                spanCount++;
            }
        }
        Span[] spans = new Span[spanCount];
        int s = 0;
        int start = 0;
        int previousEnd = 0;
        for (int i = 1; i <= size; i++) {
            if (i == size || (long) indices[i] - indices[i - 1] - 1 > maxGap) {
                int offset = s == 0 ? indices[start] : indices[start] - previousEnd;
                int length = indices[i - 1] - indices[start] + 1;
                spans[s++] = new Span(offset, length);
                previousEnd = indices[i - 1] + 1;
                start = i;
            }
        }
        return spans;
    }

    /** The counts laid out for {@link #spans spans(maxGap)}: the kept gaps as zeros. */
    double[] countsFilling(int maxGap) {
        if (size == 0) {
            return Histogram.NO_DOUBLES;
        }
        long total = size;
        for (int i = 1; i < size; i++) {
            long gap = (long) indices[i] - indices[i - 1] - 1;
            if (gap <= maxGap) {
                total += gap;
            }
        }
        double[] out = new double[Math.toIntExact(total)];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                long gap = (long) indices[i] - indices[i - 1] - 1;
                if (gap <= maxGap) {
                    k += (int) gap;
                }
            }
            out[k++] = counts[i];
        }
        return out;
    }
}
