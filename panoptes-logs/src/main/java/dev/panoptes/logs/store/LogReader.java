package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * What queries read from one tenant's logs: streams selected by label matchers, with their
 * entries in a time range, the label names and values of the streams in a range, what their
 * chunks hold (for index statistics, without reading lines), and the entries stored from now on
 * (for live tailing). Times are nanoseconds since the epoch, both ends inclusive. An empty
 * matcher list selects every stream.
 *
 * <p>Implementations are thread-safe; results are snapshots that later writes do not change.
 */
public interface LogReader {

    /**
     * Opens cursors over the matching streams' entries in range that pass the request's line
     * conditions, decoded chunk by chunk as the cursors move; chunks whose bloom filter rules out
     * a {@code CONTAINS} condition are not fetched. The caller closes the scan.
     */
    StreamScan scan(ScanRequest request);

    /** Every matching stream with at least one entry in range, each with its entries in time order. */
    default List<StreamEntries> select(List<LabelMatcher> matchers, long from, long to) {
        return select(matchers, from, to, List.of());
    }

    /**
     * As {@link #select(List, long, long)}, but the reader may leave out entries whose line
     * does not contain, for every group of {@code lineMustContain}, one of the group's strings
     * (a group is one {@code |=} filter's values joined by {@code or}). Reads every selected entry
     * into memory: queries use {@link #scan}.
     */
    default List<StreamEntries> select(List<LabelMatcher> matchers, long from, long to, List<List<String>> lineMustContain) {
        return select(matchers, from, to, lineMustContain, ReadCheck.NONE);
    }

    /**
     * As {@link #select(List, long, long, List)}, calling {@code check} before each chunk it
     * fetches, so that a read nobody waits for any more stops when {@code check} throws.
     */
    default List<StreamEntries> select(List<LabelMatcher> matchers, long from, long to, List<List<String>> lineMustContain, ReadCheck check) {
        List<LineCondition> conditions = new ArrayList<>();
        for (List<String> group : lineMustContain) {
            conditions.add(new LineCondition(LineCondition.Op.CONTAINS, group));
        }
        List<StreamEntries> out = new ArrayList<>();
        try (StreamScan scan = scan(new ScanRequest(matchers, from, to, conditions, false, check))) {
            for (StreamCursor cursor : scan.streams()) {
                EntryBuffer entries = new EntryBuffer(16);
                while (cursor.next()) {
                    entries.add(cursor.time(), cursor.line(), cursor.metadata());
                }
                if (entries.size() > 0) {
                    out.add(new StreamEntries(cursor.labels(), entries));
                }
            }
        }
        return out;
    }
    /** The label sets of the matching streams that have entries in range, sorted. */
    List<Labels> series(List<LabelMatcher> matchers, long from, long to);

    /** The label names of the matching streams that have entries in range, sorted. */
    List<String> labelNames(List<LabelMatcher> matchers, long from, long to);

    /** The values of {@code name} among the matching streams that have entries in range, sorted. */
    List<String> labelValues(String name, List<LabelMatcher> matchers, long from, long to);

    /**
     * What the chunks of each matching stream that overlap the range hold, as an index tells it
     * without decompressing anything: each chunk's time span, entries and line bytes. The entries
     * not yet cut into a chunk are one extent of their own, counting only those in range.
     * Streams are sorted by labels.
     */
    List<StreamChunks> chunkExtents(List<LabelMatcher> matchers, long from, long to);

    /**
     * Has {@code listener} told of every entry stored from now on in a stream that the matchers
     * select, until the subscription is closed. See {@link EntryListener} for the calling rules.
     */
    Subscription subscribe(List<LabelMatcher> matchers, EntryListener listener);

    /** A stream and its entries in the requested range. */
    record StreamEntries(Labels labels, EntryBuffer entries) {
    }

    /** A stream and the extents of its chunks, oldest chunk first where that is known. */
    record StreamChunks(Labels labels, List<ChunkExtent> chunks) {
        public StreamChunks {
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * One chunk's summary: its first and last timestamps, its entries and the UTF-8 bytes of
     * their lines before compression.
     */
    record ChunkExtent(long minTime, long maxTime, long entries, long lineBytes) {
    }

    /** A live registration made by {@link #subscribe}; closing it again does nothing. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
