package dev.panoptes.metrics.promql;

import java.util.List;

/**
 * The outcome of a query: its value and the annotations Prometheus reports beside it, each
 * rendered as {@code PromQL warning: <detail> (<line>:<column>)} or {@code PromQL info: ...},
 * without duplicates, in the order they arose.
 *
 * @param samplesLoaded how many samples evaluation read from storage (for {@code stats})
 * @param peakSamples the most samples the query held in memory at once (for {@code stats})
 */
public record QueryResult(Value value, List<String> warnings, List<String> infos, long samplesLoaded, long peakSamples) {

    public QueryResult {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
