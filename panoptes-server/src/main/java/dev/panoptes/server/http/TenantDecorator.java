package dev.panoptes.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.InvalidTenantException;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import java.util.function.Predicate;

/**
 * The edge where every tenant-scoped request gets its tenant: an absent or invalid
 * {@code X-Scope-OrgID} is answered here, in plain text as Mimir and Loki answer it (401 when a
 * required header is missing, 400 when a header is invalid), and a valid request continues with
 * the header set to the resolved tenant, so that handlers behind it read one trusted value.
 * Operational endpoints (health, readiness, the server's own metrics) are not tenant-scoped.
 */
final class TenantDecorator implements DecoratingHttpServiceFunction {

    private final TenantResolver resolver;
    private final Predicate<String> isUnscopedPath;

    TenantDecorator(TenantResolver resolver, Predicate<String> isUnscopedPath) {
        this.resolver = resolver;
        this.isUnscopedPath = isUnscopedPath;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        if (isUnscopedPath.test(ctx.path())) {
            return delegate.serve(ctx, req);
        }
        String header = req.headers().get(TenantResolver.HEADER);
        TenantId tenant;
        try {
            tenant = resolver.resolve(header);
        } catch (InvalidTenantException e) {
            HttpStatus status = header == null ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST;
            String message = e.getMessage() + "\n";
            // Answered once the body is in: an HTTP/2 client still sending it takes an earlier
            // answer as a reset stream and never sees the status.
            return HttpResponse.of(req.aggregate().handle((body, failure) -> HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message)));
        }
        if (!tenant.value().equals(header)) {
            HttpRequest scoped = req.withHeaders(req.headers().toBuilder().set(TenantResolver.HEADER, tenant.value()).build());
            ctx.updateRequest(scoped);
            return delegate.serve(ctx, scoped);
        }
        return delegate.serve(ctx, req);
    }
}
