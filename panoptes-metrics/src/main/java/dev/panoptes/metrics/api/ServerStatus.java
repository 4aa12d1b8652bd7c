package dev.panoptes.metrics.api;

import java.time.Instant;
import java.util.Map;

/**
 * What the status endpoints report about the running server, supplied by the composition root:
 * when it started, its effective configuration as YAML (secrets already redacted), the flag-like
 * view of the same settings, and the retention of stored data.
 */
public record ServerStatus(Instant startTime, String configYaml, Map<String, String> flags, String storageRetention) {

    public ServerStatus {
        flags = Map.copyOf(flags);
    }
}
