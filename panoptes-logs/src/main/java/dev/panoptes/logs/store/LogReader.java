package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * What queries read from one tenant's logs: streams selected by label matchers, with their
 * entries in a time range, and the label names and values of the streams in a range. Times are
 * nanoseconds since the epoch, both ends inclusive. An empty matcher list selects every stream.
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
        List<LineCondition> conditions = new ArrayList<>();
        for (List<String> group : lineMustContain) {
            conditions.add(new LineCondition(LineCondition.Op.CONTAINS, group));
        }
        List<StreamEntries> out = new ArrayList<>();
        try (StreamScan scan = scan(new ScanRequest(matchers, from, to, conditions, false))) {
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

    /** A stream and its entries in the requested range. */
    record StreamEntries(Labels labels, EntryBuffer entries) {
    }
}
