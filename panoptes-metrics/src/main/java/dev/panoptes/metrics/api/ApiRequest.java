package dev.panoptes.metrics.api;

import dev.panoptes.core.tenant.TenantId;

/**
 * One API request as an endpoint sees it: the tenant (validated at the edge), the merged
 * parameters, the path's label name where the route has one, and the instant by which a query
 * must have finished ({@code System.nanoTime()} scale).
 */
record ApiRequest(TenantId tenant, RequestParams params, String pathName, long receivedNanos, long deadlineNanos) {

    /** Milliseconds left before the deadline; zero or less when it has passed. */
    long remainingMillis() {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }
}
