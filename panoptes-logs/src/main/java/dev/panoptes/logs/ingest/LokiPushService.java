package dev.panoptes.logs.ingest;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.AbstractHttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.wire.http.BodyRejectedException;
import dev.panoptes.wire.http.ContentEncodingDecoder;
import dev.panoptes.logs.store.AppendResult;
import dev.panoptes.logs.store.TenantLogStores;
import dev.panoptes.wire.loki.LokiPushDecoder;
import dev.panoptes.wire.loki.LokiPushFormatException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /loki/api/v1/push}: Loki's push API. The body is {@code application/json} or
 * snappy-compressed {@code logproto.PushRequest} protobuf ({@code application/x-protobuf}, also
 * assumed when no type is given), optionally under {@code Content-Encoding: gzip} or
 * {@code deflate}.
 *
 * <p>Answers as Loki does: 204 when everything was stored; 400 with Loki's messages when the body
 * cannot be read (nothing stored) or when some streams or entries were refused (invalid labels,
 * too old, too new, line too long; the rest stored); 429 when the tenant's ingestion rate is
 * exceeded (nothing stored) or new streams are over the stream limit (the other streams stored);
 * 413 for a body over {@link #MAX_BODY_BYTES} once decompressed; 415 for another content type or
 * encoding; 500 when storing failed.
 *
 * <p>Thread-safe; decoding runs on Armeria's blocking executor with one decoder per thread.
 */
public final class LokiPushService extends AbstractHttpService {

    private static final Logger LOG = LoggerFactory.getLogger(LokiPushService.class);

    /** Decompressed bodies above this are refused: a push is a batch, not a backfill. */
    static final int MAX_BODY_BYTES = 64 << 20;

    private final LogIngester ingester;
    private final Clock clock;
    private final ThreadLocal<LokiPushDecoder> decoders = ThreadLocal.withInitial(LokiPushDecoder::new);

    public LokiPushService(TenantLogStores stores, LogLimits limits, Clock clock) {
        this(new LogIngester(stores, limits), clock);
    }

    /** A push service that shares {@code ingester} (and so each tenant's ingestion rate) with other receivers. */
    public LokiPushService(LogIngester ingester, Clock clock) {
        this.ingester = ingester;
        this.clock = clock;
    }

    @Override
    protected HttpResponse doPost(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(req.aggregate().thenApplyAsync(this::handle, ctx.blockingTaskExecutor()));
    }

    private HttpResponse handle(AggregatedHttpRequest request) {
        MediaType type = request.contentType();
        boolean json = type != null && type.is(MediaType.JSON);
        if (!json && type != null && !type.is(MediaType.PROTOBUF) && !type.is(MediaType.OCTET_STREAM)
                && !type.is(MediaType.create("application", "x-protobuf"))) {
            return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Type '" + type
                    + "': push application/json or snappy-compressed application/x-protobuf");
        }
        byte[] body;
        try {
            body = ContentEncodingDecoder.decode(request.content().array(),
                    request.headers().get(HttpHeaderNames.CONTENT_ENCODING), MAX_BODY_BYTES);
        } catch (BodyRejectedException e) {
            return text(HttpStatus.valueOf(e.status()), e.getMessage());
        }
        TenantId tenant = TenantId.of(request.headers().get(TenantResolver.HEADER));
        LokiPushDecoder decoder = decoders.get();
        LogLimits limits = ingester.limits(tenant);
        PushValidator validator = new PushValidator(limits, nowNanos(), limits.discoverServiceName());
        try {
            if (json) {
                decoder.decodeJson(body, 0, body.length, validator);
            } else {
                byte[] proto = snappyDecoded(body);
                decoder.decodeProtobuf(proto, 0, proto.length, validator);
            }
        } catch (LokiPushFormatException e) {
            return text(HttpStatus.BAD_REQUEST, (json ? "error parsing push request: " : "error decoding protobuf push request: ")
                    + e.getMessage());
        } catch (BodyRejectedException e) {
            return text(HttpStatus.valueOf(e.status()), e.getMessage());
        }
        LogIngester.Outcome outcome;
        try {
            outcome = ingester.ingest(tenant, validator);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("Storing a push of tenant {} failed", tenant, e);
            return text(HttpStatus.INTERNAL_SERVER_ERROR, "storing failed: " + e.getMessage());
        }
        if (outcome instanceof LogIngester.RateLimited limited) {
            return text(HttpStatus.TOO_MANY_REQUESTS, limited.message());
        }
        AppendResult stored = ((LogIngester.Stored) outcome).result();
        if (!stored.streamsOverLimit().isEmpty()) {
            StringBuilder message = new StringBuilder();
            for (Labels stream : stored.streamsOverLimit()) {
                if (message.length() > 0) {
                    message.append('\n');
                }
                message.append(LogIngester.streamLimitMessage(stream, tenant));
            }
            for (String other : validator.messages()) {
                message.append('\n').append(other);
            }
            return text(HttpStatus.TOO_MANY_REQUESTS, message.toString());
        }
        if (!validator.messages().isEmpty()) {
            return text(HttpStatus.BAD_REQUEST, String.join("\n", validator.messages()));
        }
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    private long nowNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static byte[] snappyDecoded(byte[] compressed) throws BodyRejectedException {
        try {
            int length = SnappyDecompressor.getUncompressedLength(compressed, 0);
            if (length < 0 || length > MAX_BODY_BYTES) {
                throw new BodyRejectedException(413, "snappy body declares " + length
                        + " bytes, over the limit of " + MAX_BODY_BYTES);
            }
            byte[] body = new byte[length];
            int actual = new SnappyDecompressor().decompress(compressed, 0, compressed.length, body, 0, length);
            if (actual != length) {
                throw new BodyRejectedException(400, "snappy body decompresses to " + actual + " bytes, not the " + length
                        + " it declares");
            }
            return body;
        } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new BodyRejectedException(400, "protobuf push bodies are snappy-compressed (block format) and this one is not: "
                    + e.getMessage());
        }
    }

    private static HttpResponse text(HttpStatus status, String message) {
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }
}
