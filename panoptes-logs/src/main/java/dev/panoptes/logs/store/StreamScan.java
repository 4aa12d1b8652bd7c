package dev.panoptes.logs.store;

import java.util.List;

/**
 * An open scan: one {@link StreamCursor} per selected stream that has chunks or head entries in
 * range, and the scan's statistics. Entries are decoded chunk by chunk as the cursors move, so a
 * scan holds at most a few decoded chunks per stream. Closing it lets the store delete blocks
 * that compaction or deletion replaced while the scan could still read them.
 *
 * <p>Each cursor is read by one thread at a time; different cursors may be read by different
 * threads (each counts into its own part of the statistics, and shares no other working state).
 * Close exactly once, after every cursor is done with.
 */
public final class StreamScan implements AutoCloseable {

    private final List<StreamCursor> streams;
    private final ScanStatistics statistics;
    private final Runnable onClose;

    StreamScan(List<StreamCursor> streams, ScanStatistics statistics, Runnable onClose) {
        this.streams = List.copyOf(streams);
        this.statistics = statistics;
        this.onClose = onClose;
    }

    public List<StreamCursor> streams() {
        return streams;
    }

    public ScanStatistics statistics() {
        return statistics;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
