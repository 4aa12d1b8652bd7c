package dev.panoptes.metrics.storage;

import java.util.List;

/**
 * The series a selection found, in label order ({@link dev.panoptes.core.labels.Labels#compareTo}),
 * each once. A cursor: {@link #next} advances, {@link #at} reads. Not thread-safe.
 */
public interface SeriesSet {

    /** Advances to the next series; false when there are no more. */
    boolean next();

    /** The current series. */
    Series at();

    /**
     * Problems that did not stop the selection but made it partial (an unreadable block, say),
     * for the API's {@code warnings} field. Complete after {@link #next} returned false.
     */
    default List<String> warnings() {
        return List.of();
    }

    /** A set with no series. */
    static SeriesSet empty() {
        return new SeriesSet() {
            @Override
            public boolean next() {
                return false;
            }

            @Override
            public Series at() {
                throw new IllegalStateException("empty series set");
            }
        };
    }
}
