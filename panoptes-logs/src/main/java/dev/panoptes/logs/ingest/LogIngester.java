package dev.panoptes.logs.ingest;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantRateLimiter;
import dev.panoptes.logs.store.AppendResult;
import dev.panoptes.logs.store.TenantLogStores;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * What every push receiver (Loki push, OTLP over HTTP and gRPC) does once a request is decoded
 * and validated: take the accepted bytes from the tenant's ingestion rate (one token bucket per
 * tenant whichever receiver the push came through), append the batch to the tenant's store, and
 * count what was refused, with Loki's messages.
 *
 * <p>Thread-safe.
 */
public final class LogIngester {

    /** How a validated push ended. */
    sealed interface Outcome permits RateLimited, Stored {
    }

    /** The tenant is over its ingestion rate: nothing was stored. */
    record RateLimited(String message) implements Outcome {
    }

    /** The batch was stored, except streams over the tenant's stream limit. */
    record Stored(AppendResult result) implements Outcome {
    }

    private final TenantLogStores stores;
    private final Function<TenantId, LogLimits> limits;
    private final TenantRateLimiter limiter = new TenantRateLimiter();
    private final LongAdder refusedEntries = new LongAdder();

    /** An ingester holding every tenant to the same limits. */
    public LogIngester(TenantLogStores stores, LogLimits limits) {
        this(stores, tenant -> limits);
    }

    /** An ingester holding each tenant to its own limits (Loki's per-tenant overrides). */
    public LogIngester(TenantLogStores stores, Function<TenantId, LogLimits> limits) {
        this.stores = stores;
        this.limits = limits;
    }

    LogLimits limits(TenantId tenant) {
        return limits.apply(tenant);
    }

    /** Entries refused since start, for every reason and through every receiver. */
    public long refusedEntries() {
        return refusedEntries.sum();
    }

    /** Stores what {@code validator} accepted. Throws when storing failed (nothing acknowledged). */
    Outcome ingest(TenantId tenant, PushValidator validator) throws IOException {
        refusedEntries.add(validator.refusedEntries());
        long bytes = validator.acceptedBytes();
        LogLimits own = limits.apply(tenant);
        if (!limiter.tryAcquire(tenant, bytes, System.nanoTime(), own.ingestionRateBytes(), own.ingestionBurstBytes())) {
            refusedEntries.add(validator.batch().entryCount());
            return new RateLimited(String.format(Locale.ROOT,
                    "Ingestion rate limit exceeded for user %s (limit: %d bytes/sec) while attempting to ingest '%d' lines totaling '%d' bytes, "
                            + "reduce log volume or contact your Loki administrator to see if the limit can be increased",
                    tenant.value(), (long) own.ingestionRateBytes(), validator.batch().entryCount(), bytes));
        }
        AppendResult stored = stores.forTenant(tenant).append(validator.batch());
        refusedEntries.add(stored.entriesOverLimit());
        return new Stored(stored);
    }

    /** Loki's message for a new stream refused at the tenant's stream limit. */
    static String streamLimitMessage(Labels stream, TenantId tenant) {
        return "Maximum active stream limit exceeded when trying to create stream " + stream
                + ", reduce the number of active streams (reduce labels or reduce label values), or contact your Loki "
                + "administrator to see if the limit can be increased, user: '" + tenant.value() + "'";
    }
}
