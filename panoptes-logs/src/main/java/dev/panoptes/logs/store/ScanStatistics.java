package dev.panoptes.logs.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What one scan cost so far, counted by its cursors: entries and line bytes looked at (within the
 * range, before line conditions), chunks decoded, chunks left out by their bloom filter without
 * being fetched, and compressed bytes fetched from blocks.
 *
 * <p>Each cursor counts into its own {@link #part}, so that different cursors of a scan may be
 * read by different threads; the totals add up the parts, and are to be read once the threads
 * reading the cursors are done (or by the one thread reading them all).
 */
public final class ScanStatistics {

    long linesScanned;
    long bytesScanned;
    long chunksDecoded;
    long chunksSkippedByBloom;
    long bytesFetched;
    private final List<ScanStatistics> parts = new ArrayList<>();

    /** A part of these statistics for one cursor; made while the scan opens, by the thread opening it. */
    ScanStatistics part() {
        ScanStatistics part = new ScanStatistics();
        parts.add(part);
        return part;
    }

    public long linesScanned() {
        return linesScanned + sum(ScanStatistics::linesScanned);
    }

    public long bytesScanned() {
        return bytesScanned + sum(ScanStatistics::bytesScanned);
    }

    public long chunksDecoded() {
        return chunksDecoded + sum(ScanStatistics::chunksDecoded);
    }

    public long chunksSkippedByBloom() {
        return chunksSkippedByBloom + sum(ScanStatistics::chunksSkippedByBloom);
    }

    public long bytesFetched() {
        return bytesFetched + sum(ScanStatistics::bytesFetched);
    }

    private long sum(ToLongFunction<ScanStatistics> count) {
        long n = 0;
        for (ScanStatistics p : parts) {
            n += count.applyAsLong(p);
        }
        return n;
    }
}
