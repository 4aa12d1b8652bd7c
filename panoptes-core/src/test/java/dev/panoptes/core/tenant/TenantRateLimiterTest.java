package dev.panoptes.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TenantRateLimiterTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBurstThenRefillsAtTheRatePerTenant() {
        TenantRateLimiter limiter = new TenantRateLimiter(100, 300);
        TenantId a = TenantId.of("a");
        assertThat(limiter.tryAcquire(a, 300, 0)).isTrue();
        assertThat(limiter.tryAcquire(a, 1, 0)).isFalse();
        assertThat(limiter.tryAcquire(TenantId.of("b"), 300, 0)).as("another tenant has its own bucket").isTrue();
        assertThat(limiter.tryAcquire(a, 100, SECOND)).isTrue();
        assertThat(limiter.tryAcquire(a, 50, SECOND)).isFalse();
    }

    @Test
    void neverPassesARequestLargerThanTheBurstAndZeroRateMeansNoLimit() {
        assertThat(new TenantRateLimiter(10, 0).tryAcquire(TenantId.of("a"), 11, 0)).isFalse();
        assertThat(new TenantRateLimiter(0, 0).tryAcquire(TenantId.of("a"), Long.MAX_VALUE, 0)).isTrue();
    }
}
