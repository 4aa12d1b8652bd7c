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
import dev.panoptes.core.tenant.TenantRateLimiter;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.logs.store.AppendResult;
import dev.panoptes.logs.store.TenantLogStores;
import dev.panoptes.wire.loki.LokiPushDecoder;
import dev.panoptes.wire.loki.LokiPushFormatException;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
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

    private final TenantLogStores stores;
    private final LogLimits limits;
    private final Clock clock;
    private final TenantRateLimiter limiter;
    private final ThreadLocal<LokiPushDecoder> decoders = ThreadLocal.withInitial(LokiPushDecoder::new);
    private final LongAdder refusedEntries = new LongAdder();

    public LokiPushService(TenantLogStores stores, LogLimits limits, Clock clock) {
        this.stores = stores;
        this.limits = limits;
        this.clock = clock;
        this.limiter = new TenantRateLimiter(limits.ingestionRateBytes(), limits.ingestionBurstBytes());
    }

    /** Entries refused since start, for every reason. */
    public long refusedEntries() {
        return refusedEntries.sum();
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
            body = contentDecoded(request);
        } catch (BodyException e) {
            return text(e.status, e.getMessage());
        }
        LokiPushDecoder decoder = decoders.get();
        PushValidator validator = new PushValidator(limits, nowNanos());
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
        } catch (BodyException e) {
            return text(e.status, e.getMessage());
        }
        TenantId tenant = TenantId.of(request.headers().get(TenantResolver.HEADER));
        refusedEntries.add(validator.refusedEntries());
        long bytes = validator.acceptedBytes();
        if (!limiter.tryAcquire(tenant, bytes, System.nanoTime())) {
            refusedEntries.add(validator.batch().entryCount());
            return text(HttpStatus.TOO_MANY_REQUESTS, String.format(Locale.ROOT,
                    "Ingestion rate limit exceeded for user %s (limit: %d bytes/sec) while attempting to ingest '%d' lines totaling '%d' bytes, "
                            + "reduce log volume or contact your Loki administrator to see if the limit can be increased",
                    tenant.value(), (long) limiter.rate(), validator.batch().entryCount(), bytes));
        }
        AppendResult stored;
        try {
            stored = stores.forTenant(tenant).append(validator.batch());
        } catch (IOException | UncheckedIOException e) {
            LOG.error("Storing a push of tenant {} failed", tenant, e);
            return text(HttpStatus.INTERNAL_SERVER_ERROR, "storing failed: " + e.getMessage());
        }
        if (!stored.streamsOverLimit().isEmpty()) {
            refusedEntries.add(stored.entriesOverLimit());
            StringBuilder message = new StringBuilder();
            for (Labels stream : stored.streamsOverLimit()) {
                if (message.length() > 0) {
                    message.append('\n');
                }
                message.append("Maximum active stream limit exceeded when trying to create stream ").append(stream)
                        .append(", reduce the number of active streams (reduce labels or reduce label values), or contact your Loki "
                                + "administrator to see if the limit can be increased, user: '").append(tenant.value()).append("'");
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

    /** A body that cannot be used, with the status that says why. */
    private static final class BodyException extends Exception {
        private static final long serialVersionUID = 1L;
        final transient HttpStatus status;

        BodyException(HttpStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private static byte[] contentDecoded(AggregatedHttpRequest request) throws BodyException {
        byte[] raw = request.content().array();
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            if (raw.length > MAX_BODY_BYTES) {
                throw new BodyException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "push body of " + raw.length + " bytes is over the limit of "
                        + MAX_BODY_BYTES);
            }
            return raw;
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        try (InputStream in = switch (e) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(raw));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(raw));
            default -> throw new BodyException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Encoding '" + encoding
                    + "': send gzip, deflate or none");
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, Math.min(raw.length, 1 << 20) * 4));
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new BodyException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "push body is over the limit of " + MAX_BODY_BYTES
                            + " bytes once decompressed");
                }
            }
            return out.toByteArray();
        } catch (IOException ex) {
            throw new BodyException(HttpStatus.BAD_REQUEST, "body is not valid " + e + ": " + ex.getMessage());
        }
    }

    private static byte[] snappyDecoded(byte[] compressed) throws BodyException {
        try {
            int length = SnappyDecompressor.getUncompressedLength(compressed, 0);
            if (length < 0 || length > MAX_BODY_BYTES) {
                throw new BodyException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "snappy body declares " + length
                        + " bytes, over the limit of " + MAX_BODY_BYTES);
            }
            byte[] body = new byte[length];
            int actual = new SnappyDecompressor().decompress(compressed, 0, compressed.length, body, 0, length);
            if (actual != length) {
                throw new BodyException(HttpStatus.BAD_REQUEST, "snappy body decompresses to " + actual + " bytes, not the " + length
                        + " it declares");
            }
            return body;
        } catch (MalformedInputException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new BodyException(HttpStatus.BAD_REQUEST, "protobuf push bodies are snappy-compressed (block format) and this one is not: "
                    + e.getMessage());
        }
    }

    private static HttpResponse text(HttpStatus status, String message) {
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }
}
