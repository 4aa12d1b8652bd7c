package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.LabelMatcher;
import java.util.List;

/**
 * Reads series from storage for one time range, fixed when the querier was opened. Selections
 * are lazy: series are found through the index and samples decoded as they are iterated.
 * A querier may pin storage resources (memory-mapped blocks), so it must be closed. Not
 * thread-safe; open one per query.
 */
public interface Querier extends AutoCloseable {

    /**
     * The series matching every matcher that have samples in the querier's range, in label order.
     * A matcher list with only empty-matching matchers is allowed here; the query language layer
     * rejects such selectors.
     */
    SeriesSet select(SelectHints hints, List<LabelMatcher> matchers);

    /**
     * The distinct values of label {@code name} among series matching {@code matchers} (all
     * series when empty) in the querier's range, sorted; at most {@code limit} when positive.
     */
    List<String> labelValues(String name, List<LabelMatcher> matchers, int limit);

    /** The distinct label names of series matching {@code matchers} (all when empty), sorted; at most {@code limit} when positive. */
    List<String> labelNames(List<LabelMatcher> matchers, int limit);

    @Override
    void close();
}
