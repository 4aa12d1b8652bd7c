package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * The answer to a log query: streams sorted by labels, each with its entries in the query's
 * direction, and what it cost.
 *
 * @param streams the result streams; an entry with structured metadata is in the stream of its
 *     stream labels plus its metadata, as Loki answers without categorized labels
 */
public record StreamsResult(List<Stream> streams, Statistics statistics) {

    public StreamsResult {
        streams = List.copyOf(streams);
    }

    /** One result stream: its labels and its entries (parallel arrays). */
    public record Stream(Labels labels, long[] timestamps, String[] lines) {
    }

    /**
     * @param linesProcessed entries read from the store in range
     * @param bytesProcessed their UTF-8 bytes
     * @param postFilterLines entries that passed the pipeline (up to where the limit stopped reading)
     * @param entriesReturned entries in the result
     * @param execNanos time spent running the query
     */
    public record Statistics(long linesProcessed, long bytesProcessed, long postFilterLines, long entriesReturned, long execNanos) {
    }
}
