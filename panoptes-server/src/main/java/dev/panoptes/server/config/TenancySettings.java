package dev.panoptes.server.config;

import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;

/**
 * The {@code tenancy:} section.
 *
 * @param authEnabled when true, every data request must name its tenant in {@code X-Scope-OrgID}
 * @param defaultTenant the tenant of requests without the header while authentication is off
 *     (Mimir's {@code no_auth_tenant})
 */
public record TenancySettings(Boolean authEnabled, String defaultTenant) {

    public static final String DEFAULT_TENANT = "anonymous";

    public TenancySettings {
        if (authEnabled == null) {
            authEnabled = false;
        }
        if (defaultTenant == null) {
            defaultTenant = DEFAULT_TENANT;
        }
        String problem = TenantId.problemWith(defaultTenant);
        if (problem != null) {
            throw new IllegalArgumentException("default_tenant: " + problem);
        }
    }

    public TenantResolver resolver() {
        return authEnabled ? TenantResolver.requiringHeader() : TenantResolver.withDefault(TenantId.of(defaultTenant));
    }
}
