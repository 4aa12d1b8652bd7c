package dev.panoptes.server.http;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Counts every HTTP request and times it, per route, into the server's own metrics:
 * {@code panoptes_http_requests_total{handler,method,code}} and
 * {@code panoptes_http_request_duration_seconds{handler,method}}. The handler label is the route
 * pattern, never the raw path, so that the number of series stays bounded whatever clients send.
 */
final class HttpMetricsDecorator implements DecoratingHttpServiceFunction {

    /** The handler label of requests that matched no route. */
    static final String UNMATCHED = "other";

    private final Counter requests;
    private final Histogram duration;

    HttpMetricsDecorator(PrometheusRegistry registry) {
        this.requests = Counter.builder()
                .name("panoptes_http_requests_total")
                .help("HTTP requests served, by route pattern, method and status code.")
                .labelNames("handler", "method", "code")
                .register(registry);
        this.duration = Histogram.builder()
                .name("panoptes_http_request_duration_seconds")
                .help("Time from receiving an HTTP request to sending the last byte of its response, by route pattern.")
                .unit(Unit.SECONDS)
                .labelNames("handler", "method")
                .register(registry);
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ctx.log().whenAvailable(RequestLogProperty.RESPONSE_END_TIME).thenAccept(log -> record(ctx, log));
        return delegate.serve(ctx, req);
    }

    private void record(ServiceRequestContext ctx, RequestLog log) {
        String handler = handlerOf(ctx);
        String method = ctx.method().name();
        int code = log.responseHeaders().status().code();
        requests.labelValues(handler, method, Integer.toString(code)).inc();
        long nanos = log.responseEndTimeNanos() - log.requestStartTimeNanos();
        duration.labelValues(handler, method).observe(nanos / 1e9);
    }

    private static String handlerOf(ServiceRequestContext ctx) {
        String pattern = ctx.config().route().patternString();
        return pattern == null || pattern.isEmpty() || ctx.config().route().isFallback() ? UNMATCHED : pattern;
    }
}
