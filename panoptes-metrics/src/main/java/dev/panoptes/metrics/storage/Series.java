package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.Labels;

/**
 * One series of a selection: its labels and a way to walk its samples within the selected range.
 * A series stays readable after its {@link SeriesSet} has moved on, until the querier is closed,
 * and several series of one selection may be walked at the same time on different threads, each
 * with its own iterator: the PromQL engine collects a selection's series on the query's thread
 * and reads them on several. Implementations therefore capture what a series needs (its chunks)
 * when the set reaches it, and share nothing mutable between the iterators of different series.
 */
public interface Series {

    Labels labels();

    /**
     * An iterator over this series' samples. Passing the iterator used for the previous series
     * lets an implementation reuse its buffers; {@code reuse} may be null.
     */
    SampleIterator iterator(SampleIterator reuse);
}
