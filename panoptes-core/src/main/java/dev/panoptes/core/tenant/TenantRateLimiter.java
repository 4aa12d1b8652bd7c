package dev.panoptes.core.tenant;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per tenant: {@code rate} units a second refill it up to {@code burst}; a
 * request takes as many tokens as it carries units (samples, bytes), all or none. A request
 * larger than the burst never passes, as in Loki and Mimir.
 *
 * <p>Thread-safe.
 */
public final class TenantRateLimiter {

    private final double rate;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param rate units per second, 0 for no limit
     * @param burst the bucket's size; 0 or less for the rate
     */
    public TenantRateLimiter(double rate, double burst) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        this.rate = rate;
        this.burst = burst > 0 ? burst : rate;
    }

    public boolean enabled() {
        return rate > 0;
    }

    public double rate() {
        return rate;
    }

    public double burst() {
        return burst;
    }

    /** Takes {@code units} tokens of the tenant's bucket if it holds them. */
    public boolean tryAcquire(TenantId tenant, long units, long nowNanos) {
        if (rate <= 0 || units == 0) {
            return true;
        }
        Bucket bucket = buckets.computeIfAbsent(tenant.value(), t -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, nowNanos - bucket.lastNanos) / 1e9 * rate);
            bucket.lastNanos = nowNanos;
            if (bucket.tokens < units) {
                return false;
            }
            bucket.tokens -= units;
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
