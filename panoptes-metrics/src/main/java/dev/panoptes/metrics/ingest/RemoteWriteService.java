package dev.panoptes.metrics.ingest;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.AbstractHttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantRateLimiter;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.metrics.storage.Appender;
import dev.panoptes.metrics.storage.StorageException;
import dev.panoptes.metrics.storage.TenantStorage;
import dev.panoptes.wire.remotewrite.RemoteWriteDecoder;
import dev.panoptes.wire.remotewrite.RemoteWriteFormatException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/push} and {@code /api/v1/write}: Prometheus remote write 1.0 and 2.0,
 * snappy-compressed protobuf, the version chosen by the {@code proto} parameter of
 * Content-Type as the 2.0 specification says.
 *
 * <p>Answers: 204 when everything was stored; 400 (not to be retried) for a malformed body or
 * invalid series, with nothing of that request stored; 400 as well when some samples were
 * refused (out of order, duplicate, too old, over the series limit) while the rest were stored,
 * the message counting what was dropped by reason; 415 for an unknown content type or encoding;
 * 413 for a body over the size limit; 429 when the tenant's ingestion rate limit is reached
 * (nothing stored); 500 when storing failed. Remote write 2.0 responses carry
 * the {@code X-Prometheus-Remote-Write-*-Written} headers.
 *
 * <p>Thread-safe; decoding runs on Armeria's blocking executor with one decoder per thread.
 */
public final class RemoteWriteService extends AbstractHttpService {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWriteService.class);

    static final String V1 = "prometheus.WriteRequest";
    static final String V2 = "io.prometheus.write.v2.Request";
    /** Decompressed bodies above this are refused: a request is a batch, not a backfill. */
    static final int MAX_DECOMPRESSED_BYTES = 64 << 20;

    private final TenantStorage storage;
    private final ThreadLocal<RemoteWriteDecoder> decoders;
    private final TenantRateLimiter limiter;
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder invalid = new LongAdder();

    /** Null unless created timestamps become zero samples. */
    private final CreatedTimestampZeros createdZeros;

    public RemoteWriteService(TenantStorage storage, IngestLimits limits) {
        this(storage, limits, false);
    }

    /**
     * As above; with {@code createdTimestampZeros}, a remote write 2.0 series' created timestamp
     * puts a zero sample before its first sample, once per created timestamp.
     */
    public RemoteWriteService(TenantStorage storage, IngestLimits limits, boolean createdTimestampZeros) {
        this.storage = storage;
        this.createdZeros = createdTimestampZeros ? new CreatedTimestampZeros(CreatedTimestampZeros.DEFAULT_MAX_SERIES) : null;
        this.decoders = ThreadLocal.withInitial(() -> new RemoteWriteDecoder(limits.maxLabelNameLength(), limits.maxLabelValueLength(),
                limits.maxLabelNamesPerSeries()));
        this.limiter = new TenantRateLimiter(limits.ingestionRate(), limits.ingestionBurstSize());
    }

    /** Requests refused whole: {@code rate_limited} (429) and {@code invalid} (malformed body or series, 400). */
    public long refusedRequests(String reason) {
        return reason.equals("rate_limited") ? rateLimited.sum() : invalid.sum();
    }

    @Override
    protected HttpResponse doPost(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(req.aggregate().thenApplyAsync(request -> handle(request), ctx.blockingTaskExecutor()));
    }

    private HttpResponse handle(AggregatedHttpRequest request) {
        String version = version(request.contentType());
        if (version == null) {
            return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Type '" + request.contentType()
                    + "': send application/x-protobuf with proto=" + V1 + " or proto=" + V2);
        }
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding == null || !encoding.trim().equalsIgnoreCase("snappy")) {
            return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Encoding '" + encoding + "': remote write bodies are snappy-compressed");
        }
        byte[] compressed = request.content().array();
        byte[] body;
        try {
            int length = SnappyDecompressor.getUncompressedLength(compressed, 0);
            if (length < 0 || length > MAX_DECOMPRESSED_BYTES) {
                return text(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "decompressed body of " + length + " bytes is over the limit of "
                        + MAX_DECOMPRESSED_BYTES);
            }
            body = new byte[length];
            int actual = new SnappyDecompressor().decompress(compressed, 0, compressed.length, body, 0, length);
            if (actual != length) {
                return text(HttpStatus.BAD_REQUEST, "snappy body decompresses to " + actual + " bytes, not the " + length + " it declares");
            }
        } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
            invalid.increment();
            return text(HttpStatus.BAD_REQUEST, "body is not valid snappy (block format): " + e.getMessage());
        }
        TenantId tenant = TenantId.of(request.headers().get(TenantResolver.HEADER));
        Appender appender = storage.forTenant(tenant).appender();
        StorageSink sink = new StorageSink(appender, createdZeros == null ? null : createdZeros.forTenant(tenant));
        try {
            if (version.equals(V1)) {
                decoders.get().decodeV1(body, 0, body.length, sink);
            } else {
                decoders.get().decodeV2(body, 0, body.length, sink);
            }
        } catch (RemoteWriteFormatException e) {
            appender.rollback();
            invalid.increment();
            return text(HttpStatus.BAD_REQUEST, e.getMessage() + "; nothing of this request was stored");
        }
        if (!limiter.tryAcquire(tenant, sink.samples + sink.histograms, System.nanoTime())) {
            appender.rollback();
            rateLimited.increment();
            return text(HttpStatus.TOO_MANY_REQUESTS, String.format(Locale.ROOT,
                    "ingestion rate limit of %.0f samples/s (burst %.0f) reached for tenant %s; retry later, nothing of this request was stored",
                    limiter.rate(), limiter.burst(), tenant.value()));
        }
        try {
            appender.commit();
        } catch (IOException | StorageException e) {
            LOG.error("Storing a remote write request of tenant {} failed", tenant, e);
            return text(HttpStatus.INTERNAL_SERVER_ERROR, "storing failed: " + e.getMessage());
        }
        ResponseHeadersBuilder headers = ResponseHeaders.builder(sink.refusedSamples() > 0 ? HttpStatus.BAD_REQUEST : HttpStatus.NO_CONTENT);
        if (version.equals(V2)) {
            headers.set("X-Prometheus-Remote-Write-Samples-Written", Long.toString(sink.samples))
                    .set("X-Prometheus-Remote-Write-Histograms-Written", Long.toString(sink.histograms))
                    .set("X-Prometheus-Remote-Write-Exemplars-Written", Long.toString(sink.exemplars));
        }
        if (sink.refusedSamples() == 0) {
            return HttpResponse.of(headers.build());
        }
        headers.contentType(MediaType.PLAIN_TEXT_UTF_8);
        return HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.ofUtf8(sink.refusalMessage() + "\n"));
    }

    /** The protocol version named by a Content-Type, or null if it is not remote write. */
    static String version(MediaType type) {
        if (type == null) {
            return V1;
        }
        if (!type.is(MediaType.create("application", "x-protobuf"))) {
            return null;
        }
        String proto = type.parameters().containsKey("proto") ? type.parameters().get("proto").get(0) : V1;
        return proto.equals(V1) || proto.equals(V2) ? proto : null;
    }

    private static HttpResponse text(HttpStatus status, String message) {
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }
}
