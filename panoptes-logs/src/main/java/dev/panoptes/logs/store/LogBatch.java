package dev.panoptes.logs.store;

import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * The validated entries of one push, grouped by stream, ready for {@link TenantLogStore#append}:
 * call {@link #stream} and then {@link #entry} for each of its entries. A stream named twice in a
 * request is simply two groups.
 *
 * <p>Not thread-safe.
 */
public final class LogBatch {

    final List<Labels> streams = new ArrayList<>();
    /** Where each stream's entries start in {@link #entries}; one more element than streams, closed by {@link #end()}. */
    private int[] starts = new int[8];
    final EntryBuffer entries = new EntryBuffer(64);

    public void stream(Labels labels) {
        if (streams.size() + 1 >= starts.length) {
            starts = java.util.Arrays.copyOf(starts, starts.length * 2);
        }
        streams.add(labels);
        starts[streams.size() - 1] = entries.size();
    }

    public void entry(long timestampNanos, String line, Labels structuredMetadata) {
        if (streams.isEmpty()) {
            throw new IllegalStateException("an entry needs a stream first");
        }
        entries.add(timestampNanos, line, structuredMetadata);
    }

    public int entryCount() {
        return entries.size();
    }

    /** The UTF-8 bytes of every line. */
    public long lineBytes() {
        return entries.lineBytes();
    }

    int start(int stream) {
        return starts[stream];
    }

    int end(int stream) {
        return stream + 1 < streams.size() ? starts[stream + 1] : entries.size();
    }
}
