package dev.panoptes.core.tenant;

/**
 * Decides which tenant a request belongs to, from the value of its {@code X-Scope-OrgID} header.
 *
 * <p>With authentication off, a request without the header belongs to the configured default
 * tenant (Mimir's {@code no_auth_tenant}); with it on, the header is required. A header that is
 * present is always validated, whatever the mode. Immutable and thread-safe.
 */
public final class TenantResolver {

    /** The HTTP header that carries the tenant id, the Mimir, Loki and Tempo convention. */
    public static final String HEADER = "X-Scope-OrgID";

    private final boolean headerRequired;
    private final TenantId defaultTenant;

    private TenantResolver(boolean headerRequired, TenantId defaultTenant) {
        this.headerRequired = headerRequired;
        this.defaultTenant = defaultTenant;
    }

    /** A resolver for a server without authentication: requests without a header go to {@code defaultTenant}. */
    public static TenantResolver withDefault(TenantId defaultTenant) {
        return new TenantResolver(false, defaultTenant);
    }

    /** A resolver that requires every request to name its tenant. */
    public static TenantResolver requiringHeader() {
        return new TenantResolver(true, null);
    }

    /**
     * Returns the tenant for a request whose header value is {@code headerValue} ({@code null} when
     * the header is absent).
     *
     * @throws InvalidTenantException if the header is missing where required, or invalid
     */
    public TenantId resolve(String headerValue) {
        if (headerValue == null) {
            if (headerRequired) {
                throw new InvalidTenantException("no org id: the " + HEADER + " header is required");
            }
            return defaultTenant;
        }
        return TenantId.of(headerValue);
    }
}
