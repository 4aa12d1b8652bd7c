package dev.panoptes.logs.store;

import java.util.ArrayList;
import java.util.List;

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
        long n = linesScanned;
        for (ScanStatistics p : parts) {
            n += p.linesScanned();
        }
        return n;
    }

    public long bytesScanned() {
        long n = bytesScanned;
        for (ScanStatistics p : parts) {
            n += p.bytesScanned();
        }
        return n;
    }

    public long chunksDecoded() {
        long n = chunksDecoded;
        for (ScanStatistics p : parts) {
            n += p.chunksDecoded();
        }
        return n;
    }

    public long chunksSkippedByBloom() {
        long n = chunksSkippedByBloom;
        for (ScanStatistics p : parts) {
            n += p.chunksSkippedByBloom();
        }
        return n;
    }

    public long bytesFetched() {
        long n = bytesFetched;
        for (ScanStatistics p : parts) {
            n += p.bytesFetched();
        }
        return n;
    }
}
