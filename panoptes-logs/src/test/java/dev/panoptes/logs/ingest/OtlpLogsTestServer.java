package dev.panoptes.logs.ingest;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.wal.WalOptions;
import dev.panoptes.core.wal.WalSync;
import dev.panoptes.logs.store.LogReader;
import dev.panoptes.logs.store.LogStoreSettings;
import dev.panoptes.logs.store.TenantLogStores;
import dev.panoptes.logs.store.TestObjects;
import dev.panoptes.wire.otlp.OtlpLogsTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The log receivers on a real Armeria server on a free port, wired as the composition root wires
 * them: OTLP/HTTP on {@code /v1/logs} and {@code /otlp/v1/logs}, OTLP/gRPC on the same port, Loki
 * push on {@code /loki/api/v1/push}, all through one {@link LogIngester}. Requests without
 * {@code X-Scope-OrgID} are given {@code tenant-a}, as the tenant edge does with tenancy off.
 */
final class OtlpLogsTestServer implements AutoCloseable {

    static final TenantId TENANT = TenantId.of("tenant-a");

    final TenantLogStores stores;
    final Server server;
    final WebClient client;

    OtlpLogsTestServer(Path dir, LogLimits limits, OtlpLogsTranslator.Options mapping) throws IOException {
        stores = TenantLogStores.open(dir, TestObjects.in(dir), new LogStoreSettings(1 << 20, limits.maxGlobalStreamsPerUser(),
                new WalOptions(WalSync.PERIODIC, Duration.ofSeconds(1), WalOptions.DEFAULT_SEGMENT_BYTES)));
        LogIngester ingester = new LogIngester(stores, limits);
        OtlpLogsReceiver receiver = new OtlpLogsReceiver(ingester, mapping, Clock.systemUTC());
        OtlpLogsService http = new OtlpLogsService(receiver);
        server = Server.builder().http(0).gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .decorator((delegate, ctx, req) -> {
                    if (req.headers().contains("X-Scope-OrgID")) {
                        return delegate.serve(ctx, req);
                    }
                    var scoped = req.withHeaders(req.headers().toBuilder().set("X-Scope-OrgID", TENANT.value()).build());
                    ctx.updateRequest(scoped);
                    return delegate.serve(ctx, scoped);
                })
                .service("/v1/logs", http).service("/otlp/v1/logs", http)
                .service("/loki/api/v1/push", new LokiPushService(ingester, Clock.systemUTC()))
                .service(GrpcService.builder().addService(new OtlpGrpcLogsService(receiver)).build())
                .build();
        server.start().join();
        client = WebClient.of(uri());
    }

    OtlpLogsTestServer(Path dir) throws IOException {
        this(dir, LogLimits.defaults(), OtlpLogsTranslator.Options.defaults());
    }

    String uri() {
        return "http://127.0.0.1:" + server.activeLocalPort();
    }

    AggregatedHttpResponse post(String path, MediaType type, byte[] body, String... headers) {
        RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.POST, path).contentType(type);
        for (int i = 0; i < headers.length; i += 2) {
            h.set(headers[i], headers[i + 1]);
        }
        return client.execute(h.build(), body).aggregate().join();
    }

    /** The streams of {@code tenant} matching {@code name=value}, with all their entries. */
    List<LogReader.StreamEntries> select(TenantId tenant, String name, String value) {
        return stores.forTenant(tenant).select(List.of(LabelMatcher.equal(name, value)), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public void close() throws IOException {
        server.stop().join();
        stores.close();
    }
}
