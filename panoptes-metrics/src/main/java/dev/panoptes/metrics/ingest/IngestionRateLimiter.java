package dev.panoptes.metrics.ingest;

import dev.panoptes.core.tenant.TenantId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per tenant: {@code rate} samples a second refill it up to {@code burst}; a
 * request takes as many tokens as samples, all or none.
 *
 * <p>Thread-safe.
 */
final class IngestionRateLimiter {

    private final double rate;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param rate samples per second, 0 for no limit */
    IngestionRateLimiter(double rate, double burst) {
        this.rate = rate;
        this.burst = burst > 0 ? burst : rate;
    }

    boolean enabled() {
        return rate > 0;
    }

    double rate() {
        return rate;
    }

    double burst() {
        return burst;
    }

    /** Takes {@code samples} tokens of the tenant's bucket if it holds them. */
    boolean tryAcquire(TenantId tenant, long samples, long nowNanos) {
        if (rate <= 0 || samples == 0) {
            return true;
        }
        Bucket bucket = buckets.computeIfAbsent(tenant.value(), t -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (nowNanos - bucket.lastNanos) / 1e9 * rate);
            bucket.lastNanos = nowNanos;
            if (bucket.tokens < samples) {
                return false;
            }
            bucket.tokens -= samples;
            return true;
        }
    }

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long lastNanos) {
            this.tokens = tokens;
            this.lastNanos = lastNanos;
        }
    }
}
