package dev.panoptes.logs.store;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * What queries read from one tenant's logs: streams selected by label matchers, with their
 * entries in a time range, and the label names and values of the streams in a range. Times are
 * nanoseconds since the epoch, both ends inclusive. An empty matcher list selects every stream.
 *
 * <p>Implementations are thread-safe; results are snapshots that later writes do not change.
 */
public interface LogReader {

    /** Every matching stream with at least one entry in range, each with its entries in time order. */
    default List<StreamEntries> select(List<LabelMatcher> matchers, long from, long to) {
        return select(matchers, from, to, List.of());
    }

    /**
     * As {@link #select(List, long, long)}, but the reader may leave out entries whose line
     * cannot contain, for every group of {@code lineMustContain}, one of the group's strings
     * (a group is one {@code |=} filter's values joined by {@code or}). It does so where it can
     * tell cheaply (per chunk, from bloom filters); the entries it returns still need filtering.
     */
    List<StreamEntries> select(List<LabelMatcher> matchers, long from, long to, List<List<String>> lineMustContain);

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
