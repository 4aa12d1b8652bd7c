package dev.panoptes.logs.api;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.InvalidTenantException;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;

/**
 * A route answered for the tenant its request names in {@code X-Scope-OrgID} (set or checked by
 * the tenant edge before it gets here): an invalid one is refused with 400 and the reason.
 */
@FunctionalInterface
interface TenantScoped {

    HttpResponse serve(TenantId tenant, ServiceRequestContext ctx, HttpRequest req) throws Exception;

    /** {@code scoped} as an Armeria service. */
    static HttpService service(TenantScoped scoped) {
        return (ctx, req) -> {
            TenantId tenant;
            try {
                tenant = TenantId.of(req.headers().get(TenantResolver.HEADER));
            } catch (InvalidTenantException e) {
                return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT_UTF_8, e.getMessage() + "\n");
            }
            return scoped.serve(tenant, ctx, req);
        };
    }
}
