package dev.panoptes.metrics.storage;

import java.util.List;

/**
 * Cardinality statistics of a store's recent series, in the shape of Prometheus'
 * {@code /api/v1/status/tsdb}. Implemented by stores that can answer it cheaply; the API asks
 * for it with {@code storage instanceof CardinalityStatistics}.
 */
public interface CardinalityStatistics {

    /** The statistics, each top list cut to {@code limit} entries, largest first. */
    TsdbStatus tsdbStatus(int limit);

    /**
     * What {@code /api/v1/status/tsdb} reports.
     *
     * @param seriesCountByMetricName series per metric name
     * @param labelValueCountByLabelName distinct values per label name
     * @param memoryInBytesByLabelName bytes of the distinct values of each label name
     * @param seriesCountByLabelValuePair series per {@code name=value} pair
     */
    record TsdbStatus(HeadStats headStats, List<Count> seriesCountByMetricName, List<Count> labelValueCountByLabelName,
                      List<Count> memoryInBytesByLabelName, List<Count> seriesCountByLabelValuePair) {
    }

    /** Totals of the in-memory part; times in ms, {@code minTime > maxTime} when it is empty. */
    record HeadStats(long numSeries, long numLabelPairs, long chunkCount, long minTime, long maxTime) {
    }

    /** One entry of a top list. */
    record Count(String name, long value) {
    }
}
