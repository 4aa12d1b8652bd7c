package dev.panoptes.metrics.storage;

import dev.panoptes.core.labels.LabelMatcher;
import java.util.List;
import java.util.Map;

/**
 * The metric storage of one tenant, as the query engine, the HTTP API and the receivers see it:
 * read series, write batches, read exemplars and metadata. The TSDB implements it; so may
 * remote or merged storage later. Thread-safe.
 */
public interface Storage extends Queryable, Appendable {

    /**
     * Exemplars with timestamps in {@code [start, end]} of the series matching any one of the
     * matcher sets, grouped by series.
     */
    List<SeriesExemplars> exemplars(long start, long end, List<List<LabelMatcher>> matcherSets);

    /**
     * Metadata by metric name, for one metric ({@code metric} non-empty) or all; at most
     * {@code limit} metrics and {@code limitPerMetric} entries each, when positive.
     */
    Map<String, List<MetricMetadata>> metadata(String metric, int limit, int limitPerMetric);
}
