package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.labels.Labels;

/**
 * One {@code <series> <value sequence>} line of a script, in a {@code load} block or as an
 * expected result; {@code line} is 1-based. {@code startOffsets}, from the {@code @st} line
 * before it, holds one offset per value ({@link StartTimestampOffsets#NONE} for none), or is
 * null when the series has no start timestamps.
 */
record SeriesLine(Labels labels, ValueSequence values, int line, long[] startOffsets) {

    SeriesLine(Labels labels, ValueSequence values, int line) {
        this(labels, values, line, null);
    }

    SeriesLine withStartOffsets(long[] offsets) {
        return new SeriesLine(labels, values, line, offsets);
    }

    /** The start timestamp of the value at {@code index}, sampled at {@code t}; 0 for none. */
    long startTimestamp(int index, long t) {
        if (startOffsets == null || startOffsets[index] == StartTimestampOffsets.NONE) {
            return 0;
        }
        return t + startOffsets[index];
    }
}
