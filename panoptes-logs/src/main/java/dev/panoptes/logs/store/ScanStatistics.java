package dev.panoptes.logs.store;

/**
 * What one scan cost so far, counted by its cursors: entries and line bytes looked at (within the
 * range, before line conditions), chunks decoded, chunks left out by their bloom filter without
 * being fetched, and compressed bytes fetched from blocks.
 *
 * <p>Not thread-safe: a scan and its cursors are read by one thread.
 */
public final class ScanStatistics {

    long linesScanned;
    long bytesScanned;
    long chunksDecoded;
    long chunksSkippedByBloom;
    long bytesFetched;

    public long linesScanned() {
        return linesScanned;
    }

    public long bytesScanned() {
        return bytesScanned;
    }

    public long chunksDecoded() {
        return chunksDecoded;
    }

    public long chunksSkippedByBloom() {
        return chunksSkippedByBloom;
    }

    public long bytesFetched() {
        return bytesFetched;
    }
}
