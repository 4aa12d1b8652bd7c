package dev.panoptes.server;

import dev.panoptes.core.fs.DataDirectoryLock;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.core.objstore.ObjectStore;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.time.Durations;
import dev.panoptes.metrics.api.PrometheusApi;
import dev.panoptes.metrics.api.ServerStatus;
import dev.panoptes.metrics.ingest.IngestLimits;
import dev.panoptes.metrics.ingest.OtlpGrpcMetricsService;
import dev.panoptes.metrics.ingest.OtlpMetricsReceiver;
import dev.panoptes.metrics.ingest.OtlpMetricsService;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.panoptes.metrics.scrape.ScrapeConfig;
import dev.panoptes.logs.api.LokiDeleteApi;
import dev.panoptes.logs.api.LokiHttpApi;
import dev.panoptes.logs.api.TenantLimitsEndpoints;
import dev.panoptes.logs.ingest.LogIngester;
import dev.panoptes.logs.ingest.LokiPushService;
import dev.panoptes.logs.ingest.OtlpGrpcLogsService;
import dev.panoptes.logs.ingest.OtlpLogsReceiver;
import dev.panoptes.logs.ingest.OtlpLogsService;
import dev.panoptes.logs.store.TenantLogStores;
import dev.panoptes.metrics.scrape.ScrapeManager;
import dev.panoptes.metrics.storage.TenantStorage;
import dev.panoptes.metrics.ingest.RemoteWriteService;
import dev.panoptes.metrics.tsdb.TenantTsdbs;
import dev.panoptes.server.config.ConfigView;
import dev.panoptes.server.config.PanoptesConfig;
import dev.panoptes.server.config.ServerSettings;
import dev.panoptes.server.http.BuildInfo;
import dev.panoptes.server.http.HttpRoutes;
import dev.panoptes.server.http.HttpServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component from the typed configuration, starts them in
 * order, and stops them in reverse. This is the only place that knows all the parts; nothing else
 * depends on it.
 *
 * <p>Start-up order: take the data-directory lock (before touching any file), open the object
 * store, open the metrics databases and the log stores (replaying their write-ahead logs), start the HTTP server
 * (answering {@code /-/ready} with 503), start the components, then report ready. Closing runs the same steps backwards: the HTTP server first, so that requests in
 * flight complete while the components behind them still run, then the components, then the lock.
 */
public final class PanoptesServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PanoptesServer.class);

    private final Deque<AutoCloseable> openedInOrder;
    private final HttpServer http;
    private final TenantStorage metrics;
    private final AtomicBoolean ready;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PanoptesServer(Deque<AutoCloseable> openedInOrder, HttpServer http, AtomicBoolean ready, TenantStorage metrics) {
        this.openedInOrder = openedInOrder;
        this.http = http;
        this.metrics = metrics;
        this.ready = ready;
    }

    /** Starts a server with the given configuration. */
    public static PanoptesServer start(PanoptesConfig config) throws IOException {
        return start(config, List.of());
    }

    /**
     * Starts a server, adding {@code extraRoutes} to the components' own (tests use this to
     * observe the HTTP edge with routes of their own).
     */
    public static PanoptesServer start(PanoptesConfig config, List<HttpRoutes> extraRoutes) throws IOException {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Path dataDir = config.dataDir().toAbsolutePath().normalize();
            opened.push(DataDirectoryLock.acquire(dataDir));
            ObjectStore objects = LocalDirectoryObjectStore.open(dataDir.resolve("objects"));
            opened.push(objects);

            TenantTsdbs metrics = TenantTsdbs.open(dataDir.resolve("metrics"), objects, config.tsdb());
            opened.push(metrics);
            TenantLogStores logs = TenantLogStores.open(dataDir.resolve("logs"), objects, config.logs().store(),
                    config.logs()::storePolicy);
            opened.push(logs);

            PrometheusRegistry registry = new PrometheusRegistry();
            JvmMetrics.builder().register(registry);
            TsdbSelfMetrics.register(registry, metrics);

            List<HttpRoutes> routes = new ArrayList<>(extraRoutes);
            LogIngester logIngester = new LogIngester(logs, config.logs()::limits);
            LokiPushService lokiPush = new LokiPushService(logIngester, Clock.systemUTC());
            OtlpLogsReceiver otlpLogsReceiver = new OtlpLogsReceiver(logIngester, config.logs().otlp().options(), Clock.systemUTC());
            OtlpLogsService otlpLogs = new OtlpLogsService(otlpLogsReceiver);
            LokiHttpApi lokiApi = new LokiHttpApi(logs, config.logs()::queryLimits, Clock.systemUTC());
            routes.add(builder -> builder.service("/loki/api/v1/push", lokiPush)
                    .service("/v1/logs", otlpLogs).service("/otlp/v1/logs", otlpLogs));
            routes.add(lokiApi::register);
            routes.add(new TenantLimitsEndpoints(config.logs()::publishedLimits, BuildInfo.current().version())::register);
            routes.add(new LokiDeleteApi(logs, config.logs().store().deleteCancelPeriod(), Clock.systemUTC())::register);
            IngestLimits limits = config.limits();
            boolean createdTimestampZeros = config.featureEnabled(PanoptesConfig.CREATED_TIMESTAMP_ZERO_INGESTION);
            RemoteWriteService remoteWrite = new RemoteWriteService(metrics, limits, createdTimestampZeros);
            TsdbSelfMetrics.registerIngest(registry, remoteWrite);
            OtlpMetricsReceiver otlpReceiver = new OtlpMetricsReceiver(metrics, config.otlp().translation(),
                    config.otlp().deltaToCumulative().options(), createdTimestampZeros);
            TsdbSelfMetrics.registerOtlp(registry, otlpReceiver);
            OtlpMetricsService otlpMetrics = new OtlpMetricsService(otlpReceiver);
            routes.add(builder -> {
                for (String path : List.of("/api/v1/push", "/api/v1/write", "/prometheus/api/v1/push")) {
                    builder.service(path, remoteWrite);
                }
                builder.service("/v1/metrics", otlpMetrics).service("/otlp/v1/metrics", otlpMetrics);
                // One gRPC service for every OTLP signal, so that 4317 and the main port serve them all.
                builder.service(GrpcService.builder().addService(new OtlpGrpcMetricsService(otlpReceiver))
                        .addService(new OtlpGrpcLogsService(otlpLogsReceiver)).build());
            });
            PrometheusApi queryApi = new PrometheusApi(metrics, config.query(), new ServerStatus(Instant.now(), ConfigView.yaml(config),
                    ConfigView.flags(config), Durations.format(config.tsdb().retentionTime())));
            // Pushed before the HTTP server, so closed after it: requests in flight finish first.
            opened.push(queryApi);
            TsdbSelfMetrics.registerQueryApi(registry, queryApi);
            routes.add(queryApi::register);
            AtomicBoolean ready = new AtomicBoolean();
            ServerSettings server = config.server();
            warnIfExposedWithoutAuthentication(server.listenAddress(), config.tenancy().authEnabled());
            List<Integer> otlpPorts = new ArrayList<>();
            for (int port : List.of(config.otlp().grpcPort(), config.otlp().httpPort())) {
                if (port > 0) {
                    otlpPorts.add(port);
                }
            }
            HttpServer http = HttpServer.start(server.listenAddress(), server.httpPort(), otlpPorts, server.gracefulShutdownTimeout(),
                    registry, config.tenancy().resolver(), BuildInfo.current(), ready::get, routes);
            opened.push(http);

            List<ScrapeConfig> scrapeConfigs = config.scrapeConfigs() != null ? config.scrapeConfigs() : List.of(selfScrape(server.listenAddress(), http.port()));
            opened.push(new ScrapeManager(scrapeConfigs, config.global(),
                    metrics.forTenant(TenantId.of(config.tenancy().defaultTenant())), createdTimestampZeros));

            ready.set(true);
            log.info("Panoptes {} ready on http://{}:{} with data in {}", BuildInfo.current().version(),
                    server.listenAddress(), http.port(), dataDir);
            return new PanoptesServer(opened, http, ready, metrics);
        } catch (IOException | RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /** The job a bare start scrapes: the server's own /metrics every 15 s, so there is data to query at once. */
    private static ScrapeConfig selfScrape(String listenAddress, int port) {
        String host = listenAddress.equals("0.0.0.0") || listenAddress.equals("::") ? "127.0.0.1"
                : listenAddress.contains(":") ? "[" + listenAddress + "]" : listenAddress;
        return ScrapeConfig.ofStatic("panoptes", Duration.ofSeconds(15), List.of(new ScrapeConfig.StaticConfig(List.of(host + ":" + port), null)));
    }

    private static void warnIfExposedWithoutAuthentication(String listenAddress, boolean authEnabled) {
        if (authEnabled) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(listenAddress).isLoopbackAddress();
        } catch (IOException e) {
            loopback = false;
        }
        if (!loopback) {
            log.warn("*** Listening on {} WITHOUT AUTHENTICATION: anyone who can reach this port can read and write every tenant's data. "
                    + "Bind to 127.0.0.1 or enable tenancy.auth_enabled. ***", listenAddress);
        }
    }

    /** The HTTP port actually bound. */
    public int httpPort() {
        return http.port();
    }

    /** Every tenant's metrics storage, for embedding and tests. */
    public TenantStorage metricsStorage() {
        return metrics;
    }

    public boolean isReady() {
        return ready.get();
    }

    /** Stops everything, in reverse order of start; safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        log.info("Shutting down: finishing requests in flight");
        closeAll(openedInOrder, null);
        log.info("Stopped");
    }

    private static void closeAll(Deque<AutoCloseable> opened, Throwable primary) {
        while (!opened.isEmpty()) {
            AutoCloseable next = opened.pop();
            try {
                next.close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else {
                    log.error("Error while stopping {}", next.getClass().getSimpleName(), e);
                }
            }
        }
    }
}
