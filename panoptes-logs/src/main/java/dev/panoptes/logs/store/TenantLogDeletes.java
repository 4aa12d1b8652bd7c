package dev.panoptes.logs.store;

import dev.panoptes.core.tenant.TenantId;

/** Hands out each tenant's {@link LogDeletes}: what the delete API needs of the store, and no more. */
@FunctionalInterface
public interface TenantLogDeletes {

    LogDeletes deletesFor(TenantId tenant);
}
