package dev.panoptes.metrics.ingest;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers, per tenant, the created timestamp last turned into a zero sample for each series, so
 * that a remote write 2.0 sender repeating a series' created timestamp in every request adds its
 * zero sample once, not one refused out-of-order append per request. Bounded: a tenant's table
 * that grows past its limit is emptied, after which each series' next repeat tries once more (and
 * is refused by the store, as out of order, if the series already has later samples).
 *
 * <p>Thread-safe.
 */
final class CreatedTimestampZeros {

    /** Decides whether a series' created timestamp still needs its zero sample. */
    interface Filter {
        /** True the first time {@code createdMs} is seen for {@code labels}. */
        boolean firstTime(Labels labels, long createdMs);
    }

    static final int DEFAULT_MAX_SERIES = 200_000;

    private final int maxSeries;
    private final ConcurrentMap<TenantId, ConcurrentHashMap<Labels, Long>> byTenant = new ConcurrentHashMap<>();

    CreatedTimestampZeros(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    Filter forTenant(TenantId tenant) {
        ConcurrentHashMap<Labels, Long> seen = byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        return (labels, createdMs) -> {
            Long previous = seen.put(labels, createdMs);
            if (previous == null && seen.size() > maxSeries) {
                seen.clear();
                seen.put(labels, createdMs);
            }
            return previous == null || previous != createdMs;
        };
    }
}
