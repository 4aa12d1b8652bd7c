package dev.panoptes.metrics.storage;

import dev.panoptes.core.tenant.TenantId;

/**
 * Every tenant's metric storage: the API and the receivers ask it for the {@link Storage} of the
 * tenant a request belongs to. Tenants never share a {@link Storage}. Implementations open a
 * tenant's storage on first use and are thread-safe.
 */
@FunctionalInterface
public interface TenantStorage {

    /** The storage of {@code tenant}, opened if needed. */
    Storage forTenant(TenantId tenant);
}
