package dev.panoptes.core.histogram;

/**
 * Walks one side's buckets (spans plus absolute counts) in ascending index order, optionally
 * merged into a coarser schema, without allocating. A bucket list shorter than its spans ends the
 * walk early instead of failing, so that arithmetic on an unvalidated histogram cannot throw.
 * Reusable through {@link #reset}; not thread-safe.
 */
final class SpanWalk {

    private Span[] spans;
    private double[] counts;
    private int schema;
    private int targetSchema;

    // Position of the next origin bucket: span, position in it, count array slot, bucket index.
    private int spanIdx;
    private int inSpan;
    private int bucketIdx;
    private int nextIndex;

    private int index;
    private double count;

    SpanWalk reset(Span[] spans, double[] counts, int schema, int targetSchema) {
        this.spans = spans;
        this.counts = counts;
        this.schema = schema;
        this.targetSchema = targetSchema;
        spanIdx = 0;
        inSpan = 0;
        bucketIdx = 0;
        nextIndex = spans.length > 0 ? spans[0].offset() : 0;
        return this;
    }

    SpanWalk reset(Span[] spans, double[] counts) {
        return reset(spans, counts, 0, 0);
    }

    /** Advances to the next bucket (of the target schema); false at the end. */
    boolean next() {
        if (!skipExhaustedSpans()) {
            return false;
        }
        int target = BucketBounds.reducedIndex(nextIndex, schema, targetSchema);
        double sum = 0;
        do {
            sum += counts[bucketIdx];
            bucketIdx++;
            nextIndex++;
            inSpan++;
        } while (schema != targetSchema && skipExhaustedSpans()
                && BucketBounds.reducedIndex(nextIndex, schema, targetSchema) == target);
        index = target;
        count = sum;
        return true;
    }

    /** Moves past finished (and empty) spans; false when no origin bucket is left. */
    private boolean skipExhaustedSpans() {
        if (bucketIdx >= counts.length) {
            return false;
        }
        while (spanIdx < spans.length && inSpan >= spans[spanIdx].length()) {
            spanIdx++;
            inSpan = 0;
            if (spanIdx < spans.length) {
                nextIndex += spans[spanIdx].offset();
            }
        }
        return spanIdx < spans.length;
    }

    /** Index of the current bucket, in the target schema. */
    int index() {
        return index;
    }

    /** Count of the current bucket (the sum of the origin buckets merged into it). */
    double count() {
        return count;
    }
}
