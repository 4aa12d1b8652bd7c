package dev.panoptes.logs.store;

import dev.panoptes.core.tenant.TenantId;

/** Hands out each tenant's {@link LogReader}: what the query API needs of the store, and no more. */
@FunctionalInterface
public interface TenantLogReaders {

    LogReader forTenant(TenantId tenant);
}
