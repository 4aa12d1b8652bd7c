package dev.panoptes.logs.store;

import dev.panoptes.core.labels.Labels;
import java.util.List;

/**
 * What an append stored: the entries now durable and visible, and the streams refused because
 * the tenant is at its active stream limit (their entries were not stored).
 */
public record AppendResult(int storedEntries, List<Labels> streamsOverLimit, int entriesOverLimit, long bytesOverLimit) {

    public AppendResult {
        streamsOverLimit = List.copyOf(streamsOverLimit);
    }
}
