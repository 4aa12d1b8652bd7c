package dev.panoptes.logs;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.api.LokiDeleteApi;
import dev.panoptes.logs.api.LokiHttpApi;
import dev.panoptes.logs.api.LokiQueryLimits;
import dev.panoptes.logs.ingest.LogLimits;
import dev.panoptes.logs.ingest.LokiPushService;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.TenantLogStores;
import dev.panoptes.logs.store.TestObjects;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The logs pillar's routes on a real Armeria server on a free port, as the composition root
 * wires them, for end-to-end tests with HTTP clients. Requests name their tenant in
 * {@code X-Scope-OrgID}; {@link #post} and {@link #get} default it to {@code tenant-a}.
 */
public final class LogsTestServer implements AutoCloseable {

    public final TenantLogStores stores;
    public final Server server;
    public final WebClient client;
    public final LokiHttpApi api;

    public LogsTestServer(Path dir, LogLimits limits) throws IOException {
        this(dir, limits, 1 << 20);
    }

    public LogsTestServer(Path dir, LogLimits limits, long chunkBytes) throws IOException {
        stores = TenantLogStores.open(dir, TestObjects.in(dir), new LogStoreSettings(chunkBytes, limits.maxGlobalStreamsPerUser(),
                new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), WalOptions.DEFAULT_SEGMENT_BYTES)));
        ServerBuilder builder = Server.builder().http(0);
        builder.service("/loki/api/v1/push", new LokiPushService(stores, limits, Clock.systemUTC()));
        api = new LokiHttpApi(stores, new LokiQueryLimits(limits.maxEntriesLimitPerQuery(), limits.maxQueryLength(),
                limits.maxQueryBytesRead().bytes(), limits.queryTimeout(), limits.maxConcurrentTailRequests(),
                limits.maxQuerySeries()), Clock.systemUTC());
        api.register(builder);
        new LokiDeleteApi(stores, LogStoreSettings.DEFAULT_DELETE_CANCEL_PERIOD, Clock.systemUTC()).register(builder);
        server = builder.build();
        server.start().join();
        client = WebClient.of("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.activeLocalPort();
    }

    public AggregatedHttpResponse post(String path, MediaType type, byte[] body, String... headers) {
        RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.POST, path).contentType(type).set("X-Scope-OrgID", "tenant-a");
        for (int i = 0; i < headers.length; i += 2) {
            h.set(headers[i], headers[i + 1]);
        }
        return client.execute(h.build(), body).aggregate().join();
    }

    public AggregatedHttpResponse delete(String pathAndQuery) {
        return client.execute(RequestHeaders.builder(HttpMethod.DELETE, pathAndQuery).set("X-Scope-OrgID", "tenant-a").build()).aggregate().join();
    }

    public AggregatedHttpResponse get(String pathAndQuery) {
        return client.execute(RequestHeaders.builder(HttpMethod.GET, pathAndQuery).set("X-Scope-OrgID", "tenant-a").build()).aggregate().join();
    }

    @Override
    public void close() throws IOException {
        server.stop().join();
        stores.close();
    }
}
