package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.LabelMatcher;
import java.io.IOException;
import java.util.List;

/**
 * Deletion of samples by series and time range, as Prometheus' {@code /api/v1/admin/tsdb/*}
 * endpoints offer it. Implemented by stores that support it; the API asks with
 * {@code storage instanceof SeriesDeleter}.
 */
public interface SeriesDeleter {

    /**
     * Deletes the samples in {@code [mint, maxt]} of every series matching all {@code matchers}.
     * They are gone from queries when this returns (and survive a restart as deleted); their
     * space is reclaimed when their blocks are next rewritten.
     */
    void deleteSeries(List<LabelMatcher> matchers, long mint, long maxt) throws IOException;

    /** Rewrites every block holding deleted samples so that they no longer take space. */
    void cleanTombstones() throws IOException;
}
