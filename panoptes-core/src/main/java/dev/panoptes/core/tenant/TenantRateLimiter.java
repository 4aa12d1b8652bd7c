package dev.panoptes.core.tenant;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per tenant: {@code rate} units a second refill it up to {@code burst}; a
 * request takes as many tokens as it carries units (samples, bytes), all or none. A request
 * larger than the burst never passes, as in Loki and Mimir. The rate and burst are the limiter's
 * own, or given per request where each tenant has its own (per-tenant overrides).
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

    /** A limiter without a rate of its own, for {@link #tryAcquire(TenantId, long, long, double, double)}. */
    public TenantRateLimiter() {
        this(0, 0);
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
        return tryAcquire(tenant, units, nowNanos, rate, burst);
    }

    /**
     * Takes {@code units} tokens of the tenant's bucket if it holds them, the bucket refilling at
     * {@code rate} a second up to {@code burst} (0 or less: the rate); a rate of 0 lets everything pass.
     */
    public boolean tryAcquire(TenantId tenant, long units, long nowNanos, double rate, double burst) {
        if (rate <= 0 || units == 0) {
            return true;
        }
        double size = burst > 0 ? burst : rate;
        Bucket bucket = buckets.computeIfAbsent(tenant.value(), t -> new Bucket(size, nowNanos));
        synchronized (bucket) {
            bucket.tokens = Math.min(size, bucket.tokens + Math.max(0, nowNanos - bucket.lastNanos) / 1e9 * rate);
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
