package dev.panoptes.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import dev.panoptes.core.tenant.TenantResolver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The one HTTP port: every API and, later, the UI. It owns the routes that belong to the process
 * rather than to a pillar ({@code /-/ready} and Loki's {@code /ready}, {@code /-/healthy}, {@code /metrics},
 * {@code /api/v1/status/buildinfo}, also under {@code /prometheus} and in Loki's shape under {@code /loki}) and puts every request through the per-route metrics and, for
 * component routes, the tenant edge.
 *
 * <p>Stopping is graceful: the listening socket closes, requests in flight run to completion
 * (bounded by the configured timeout), then the call returns.
 */
public final class HttpServer implements AutoCloseable {

    /** Paths that are about the process, not a tenant's data. */
    private static final List<String> UNSCOPED_PATHS = List.of("/-/ready", "/ready", "/-/healthy", "/metrics", "/api/v1/status/buildinfo",
            "/prometheus/api/v1/status/buildinfo", "/loki/api/v1/status/buildinfo");

    /** Quiet period of the graceful stop: how long the server must be idle before it stops early. */
    private static final Duration QUIET_PERIOD = Duration.ofMillis(200);

    private final Server server;

    private HttpServer(Server server) {
        this.server = server;
    }

    /**
     * Builds and starts the server.
     *
     * @param isReady answers {@code /-/ready}: false while components are still starting
     */
    public static HttpServer start(String listenAddress, int port, Duration gracefulShutdownTimeout,
                                   PrometheusRegistry registry, TenantResolver tenants, BuildInfo buildInfo,
                                   BooleanSupplier isReady, List<HttpRoutes> routes) {
        return start(listenAddress, port, List.of(), gracefulShutdownTimeout, registry, tenants, buildInfo, isReady, routes);
    }

    /** As the shorter form, also listening on {@code extraPorts}, which serve the same routes. */
    public static HttpServer start(String listenAddress, int port, List<Integer> extraPorts, Duration gracefulShutdownTimeout,
                                   PrometheusRegistry registry, TenantResolver tenants, BuildInfo buildInfo,
                                   BooleanSupplier isReady, List<HttpRoutes> routes) {
        ServerBuilder builder = Server.builder()
                .http(new InetSocketAddress(listenAddress, port))
                .gracefulShutdownTimeout(QUIET_PERIOD.compareTo(gracefulShutdownTimeout) < 0 ? QUIET_PERIOD : gracefulShutdownTimeout,
                        gracefulShutdownTimeout)
                .disableServerHeader()
                .disableDateHeader();
        for (int extra : extraPorts) {
            builder.http(new InetSocketAddress(listenAddress, extra));
        }

        builder.service("/-/healthy", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "Panoptes is Healthy.\n"));
        builder.service("/-/ready", (ctx, req) -> isReady.getAsBoolean()
                ? HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "Panoptes is Ready.\n")
                : HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, "Service Unavailable\n"));
        // Loki's readiness path, which Loki clients and deployments probe.
        builder.service("/ready", (ctx, req) -> isReady.getAsBoolean()
                ? HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "ready\n")
                : HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT_UTF_8, "Ingester not ready: starting\n"));
        builder.service("/metrics", new SelfMetricsService(registry));
        String buildInfoJson = buildInfoJson(buildInfo);
        for (String path : List.of("/api/v1/status/buildinfo", "/prometheus/api/v1/status/buildinfo")) {
            builder.service(path, (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, buildInfoJson));
        }
        String lokiBuildInfoJson = lokiBuildInfoJson(buildInfo);
        builder.service("/loki/api/v1/status/buildinfo", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, lokiBuildInfoJson));
        for (HttpRoutes group : routes) {
            group.register(builder);
        }

        // Decorators added last wrap outermost: metrics see the tenant edge's own answers too.
        builder.decorator(new TenantDecorator(tenants, UNSCOPED_PATHS::contains));
        builder.decorator(new HttpMetricsDecorator(registry));

        Server server = builder.build();
        try {
            server.start().join();
        } catch (CompletionException e) {
            server.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot listen on " + listenAddress + " port " + port + (extraPorts.isEmpty() ? "" : " or " + extraPorts)
                    + ": " + cause.getMessage(), cause);
        }
        return new HttpServer(server);
    }

    /**
     * Prometheus' build-information shape. {@code goVersion} is kept because clients read the
     * object by its Prometheus keys; it carries the Java runtime version.
     */
    private static String buildInfoJson(BuildInfo info) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("status", "success");
        buildInfoFields(root.putObject("data"), info);
        return root.toString();
    }

    /** Loki's shape of the same object: its fields at the top level, without the status envelope. */
    private static String lokiBuildInfoJson(BuildInfo info) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        buildInfoFields(root, info);
        return root.toString();
    }

    private static void buildInfoFields(ObjectNode data, BuildInfo info) {
        data.put("version", info.version());
        data.put("revision", info.revision());
        data.put("branch", info.branch());
        data.put("buildUser", info.buildUser());
        data.put("buildDate", info.buildDate());
        data.put("goVersion", "java" + info.javaVersion());
    }

    /** The port actually bound, which differs from the configured one when that was 0. */
    public int port() {
        return server.activeLocalPort();
    }

    /** Stops accepting connections, lets requests in flight finish, and returns when stopped. */
    @Override
    public void close() {
        server.stop().join();
    }
}
