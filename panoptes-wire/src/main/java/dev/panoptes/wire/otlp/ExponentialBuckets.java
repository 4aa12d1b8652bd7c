package dev.panoptes.wire.otlp;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import java.util.List;

/**
 * One side (positive or negative) of an exponential histogram as dense counts from an offset,
 * which can be lowered in resolution and summed with another: what accumulating delta
 * exponential histograms of different scales needs. Index i at scale s becomes index
 * {@code i >> d} at scale {@code s - d}, since each step down merges pairs of buckets.
 *
 * <p>Mutable, not thread-safe.
 */
final class ExponentialBuckets {
    int offset;
    long[] counts;

    ExponentialBuckets(int offset, long[] counts) {
        this.offset = offset;
        this.counts = counts;
    }

    static ExponentialBuckets of(ExponentialHistogramDataPoint.Buckets buckets) {
        List<Long> list = buckets.getBucketCountsList();
        long[] counts = new long[list.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = list.get(i);
        }
        return new ExponentialBuckets(buckets.getOffset(), counts);
    }

    /** Merges buckets {@code 2^by} at a time. */
    void downscale(int by) {
        if (by == 0 || counts.length == 0) {
            offset = counts.length == 0 ? 0 : offset;
            return;
        }
        int first = offset >> by;
        int last = (offset + counts.length - 1) >> by;
        long[] merged = new long[last - first + 1];
        for (int i = 0; i < counts.length; i++) {
            merged[((offset + i) >> by) - first] += counts[i];
        }
        offset = first;
        counts = merged;
    }

    /** Adds the counts of {@code other}, which must be at the same scale. */
    void add(ExponentialBuckets other) {
        if (other.counts.length == 0) {
            return;
        }
        if (counts.length == 0) {
            offset = other.offset;
            counts = other.counts.clone();
            return;
        }
        int first = Math.min(offset, other.offset);
        int end = Math.max(offset + counts.length, other.offset + other.counts.length);
        long[] sum = new long[end - first];
        System.arraycopy(counts, 0, sum, offset - first, counts.length);
        for (int i = 0; i < other.counts.length; i++) {
            sum[other.offset - first + i] += other.counts[i];
        }
        offset = first;
        counts = sum;
    }

    ExponentialHistogramDataPoint.Buckets toProto() {
        ExponentialHistogramDataPoint.Buckets.Builder builder = ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(offset);
        for (long c : counts) {
            builder.addBucketCounts(c);
        }
        return builder.build();
    }
}
