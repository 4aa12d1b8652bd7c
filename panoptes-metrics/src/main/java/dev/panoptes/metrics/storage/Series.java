package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.Labels;

/** One series of a selection: its labels and a way to walk its samples within the selected range. */
public interface Series {

    Labels labels();

    /**
     * An iterator over this series' samples. Passing the iterator used for the previous series
     * lets an implementation reuse its buffers; {@code reuse} may be null.
     */
    SampleIterator iterator(SampleIterator reuse);
}
