package dev.panoptes.metrics.api;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import dev.panoptes.metrics.storage.TenantStorage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The Prometheus HTTP API of the metrics pillar: every {@code /api/v1/...} route this package
 * serves, registered under {@code /api/v1} and Mimir's {@code /prometheus/api/v1}. Requests must
 * reach it with a validated {@code X-Scope-OrgID} (the server's tenant edge sees to that); each
 * reads and deletes only its tenant's data.
 *
 * <p>Endpoints run on virtual threads, one per request, so that a request can be interrupted
 * alone. Thread-safe; {@link #close} stops accepting work.
 */
public final class PrometheusApi implements AutoCloseable {

    private static final List<String> PREFIXES = List.of("/api/v1", "/prometheus/api/v1");
    private static final Set<HttpMethod> READ = Set.of(HttpMethod.GET, HttpMethod.POST);
    private static final Set<HttpMethod> GET = Set.of(HttpMethod.GET);
    private static final Set<HttpMethod> WRITE = Set.of(HttpMethod.POST, HttpMethod.PUT);

    private final QuerySettings settings;
    private final QueryGate gate;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("api-", 0).factory());
    private final QueryEndpoints queries;
    private final LabelEndpoints labels;
    private final StatusEndpoints status;
    private final AdminEndpoints admin;

    public PrometheusApi(TenantStorage tenants, QuerySettings settings, ServerStatus serverStatus) {
        this.settings = settings;
        this.gate = new QueryGate(settings.maxConcurrent(), settings.queueSize());
        this.queries = new QueryEndpoints(tenants, settings.engineSettings());
        this.labels = new LabelEndpoints(tenants);
        this.status = new StatusEndpoints(tenants, serverStatus);
        this.admin = new AdminEndpoints(tenants, settings.enableAdminApi());
    }

    /** Adds every route, under both prefixes, to {@code server}. */
    public void register(ServerBuilder server) {
        for (String prefix : PREFIXES) {
            server.service(prefix + "/query", gated(queries::query));
            server.service(prefix + "/query_range", gated(queries::queryRange));
            server.service(prefix + "/query_exemplars", plain(READ, queries::queryExemplars, null));
            server.service(prefix + "/format_query", plain(READ, queries::formatQuery, "query"));
            server.service(prefix + "/parse_query", plain(READ, queries::parseQuery, "query"));
            server.service(prefix + "/series", plain(READ, labels::series, null));
            server.service(prefix + "/labels", plain(READ, labels::labelNames, null));
            server.service(prefix + "/label/{name}/values", plain(GET, labels::labelValues, null));
            server.service(prefix + "/metadata", plain(GET, labels::metadata, null));
            server.service(prefix + "/status/runtimeinfo", plain(GET, status::runtimeInfo, null));
            server.service(prefix + "/status/flags", plain(GET, status::flags, null));
            server.service(prefix + "/status/config", plain(GET, status::config, null));
            server.service(prefix + "/status/tsdb", plain(GET, status::tsdb, null));
            server.service(prefix + "/admin/tsdb/delete_series", plain(WRITE, admin::deleteSeries, null));
            server.service(prefix + "/admin/tsdb/clean_tombstones", plain(WRITE, admin::cleanTombstones, null));
        }
    }

    private EndpointService gated(Endpoint endpoint) {
        return new EndpointService(READ, endpoint, "query", true, gate, workers, settings.timeout());
    }

    private EndpointService plain(Set<HttpMethod> methods, Endpoint endpoint, String queryParameter) {
        return new EndpointService(methods, endpoint, queryParameter, false, gate, workers, settings.timeout());
    }

    /** Queries of {@code tenant} running now. */
    public int runningQueries(dev.panoptes.core.tenant.TenantId tenant) {
        return gate.running(tenant);
    }

    /** Queries running now, over every tenant. */
    public int runningQueries() {
        return gate.runningTotal();
    }

    /** Queries refused with 503 because their tenant's slots and queue were full, since start. */
    public long refusedQueries() {
        return gate.refused();
    }

    /** Queries of {@code tenant} waiting for a slot now. */
    public int queuedQueries(dev.panoptes.core.tenant.TenantId tenant) {
        return gate.queued(tenant);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
