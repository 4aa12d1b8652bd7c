package dev.panoptes.logs.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.AbstractHttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.tenant.TenantResolver;
import dev.panoptes.wire.http.BodyRejectedException;
import dev.panoptes.wire.http.ContentEncodingDecoder;
import dev.panoptes.wire.otlp.OtlpJson;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP logs: {@code POST /v1/logs} (and {@code /otlp/v1/logs}, Loki's path), binary
 * protobuf ({@code application/x-protobuf}) or OTLP/JSON ({@code application/json}), optionally
 * gzip-compressed (<a href="https://opentelemetry.io/docs/specs/otlp/#otlphttp">OTLP/HTTP</a>).
 *
 * <p>Answers 200 with an {@code ExportLogsServiceResponse} in the request's encoding, carrying a
 * partial success (the count of refused records and why) when some records were refused and the
 * rest stored; 400 for a body that does not decode (nothing stored); 413 for a body over
 * {@link #MAX_BODY_BYTES}; 415 for another content type or encoding; 429 when the tenant is over
 * its ingestion rate (nothing stored, retry later); 503 when storing failed. Error bodies are a
 * {@code google.rpc.Status} in the request's encoding, as OTLP/HTTP asks.
 *
 * <p>Thread-safe; decoding and storing run on Armeria's blocking executor.
 */
public final class OtlpLogsService extends AbstractHttpService {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpLogsService.class);
    private static final MediaType X_PROTOBUF = MediaType.create("application", "x-protobuf");

    /** Bodies above this, before or after decompression, are refused: an export is a batch. */
    static final int MAX_BODY_BYTES = 64 << 20;

    private final OtlpLogsReceiver receiver;

    public OtlpLogsService(OtlpLogsReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    protected HttpResponse doPost(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(req.aggregate().thenApplyAsync(this::handle, ctx.blockingTaskExecutor()));
    }

    private HttpResponse handle(AggregatedHttpRequest request) {
        MediaType type = request.contentType();
        boolean json = type != null && type.is(MediaType.JSON);
        boolean protobuf = type != null && (type.is(MediaType.PROTOBUF) || type.is(X_PROTOBUF));
        if (!json && !protobuf) {
            return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported Content-Type '" + type
                    + "': send application/x-protobuf or application/json", json);
        }
        ExportLogsServiceRequest export;
        try {
            byte[] body = ContentEncodingDecoder.decode(request.content().array(),
                    request.headers().get(HttpHeaderNames.CONTENT_ENCODING), MAX_BODY_BYTES);
            export = json ? OtlpJson.parseLogs(new String(body, StandardCharsets.UTF_8)) : ExportLogsServiceRequest.parseFrom(body);
        } catch (BodyRejectedException e) {
            return status(HttpStatus.valueOf(e.status()), e.getMessage(), json);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return status(HttpStatus.BAD_REQUEST, "body is not a valid OTLP " + (json ? "JSON" : "protobuf")
                    + " ExportLogsServiceRequest: " + e.getMessage(), json);
        }
        TenantId tenant = TenantId.of(request.headers().get(TenantResolver.HEADER));
        OtlpLogsReceiver.Outcome outcome;
        try {
            outcome = receiver.export(tenant, export);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("Storing an OTLP logs export of tenant {} failed", tenant, e);
            return status(HttpStatus.SERVICE_UNAVAILABLE, "storing failed: " + e.getMessage(), json);
        }
        return switch (outcome) {
            case OtlpLogsReceiver.Accepted accepted -> HttpResponse.of(HttpStatus.OK, json ? MediaType.JSON_UTF_8 : X_PROTOBUF,
                    encoded(accepted.response(), json));
            case OtlpLogsReceiver.RateLimited limited -> status(HttpStatus.TOO_MANY_REQUESTS, limited.message(), json);
        };
    }

    /** An error as OTLP/HTTP wants it: a {@code google.rpc.Status} with the message, in the request's encoding. */
    private static HttpResponse status(HttpStatus status, String message, boolean json) {
        Code code = switch (status.code()) {
            case 429 -> Code.RESOURCE_EXHAUSTED;
            case 503 -> Code.UNAVAILABLE;
            default -> Code.INVALID_ARGUMENT;
        };
        Status body = Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
        return HttpResponse.of(status, json ? MediaType.JSON_UTF_8 : X_PROTOBUF, encoded(body, json));
    }

    private static byte[] encoded(Message message, boolean json) {
        if (!json) {
            return message.toByteArray();
        }
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an OTLP response has no JSON form", e);
        }
    }
}
