package dev.panoptes.core.histogram;

/**
 * A run of consecutive populated buckets of a native histogram: {@code offset} buckets after the
 * end of the previous span (or from bucket index 0 for the first span), then {@code length}
 * buckets. Spans make sparse bucket layouts compact.
 */
public record Span(int offset, int length) {
}
