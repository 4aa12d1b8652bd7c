package dev.panoptes.metrics.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
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
import dev.panoptes.metrics.storage.StorageException;
import dev.panoptes.wire.http.BodyRejectedException;
import dev.panoptes.wire.http.ContentEncodingDecoder;
import dev.panoptes.wire.otlp.OtlpJson;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP metrics: {@code POST /v1/metrics} (and {@code /otlp/v1/metrics}), protobuf or JSON,
 * optionally gzip-compressed. Answers 200 with an {@code ExportMetricsServiceResponse} in the
 * request's encoding, carrying a partial success (rejected data points and why) when some points
 * could not be translated or stored; 400 for a body that does not decode (nothing stored); 413
 * for a body over 64 MiB, before or after decompression; 415 for another content type or
 * encoding (gzip, deflate and none are read).
 *
 * <p>Thread-safe.
 */
public final class OtlpMetricsService extends AbstractHttpService {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpMetricsService.class);
    private static final int MAX_BODY_BYTES = 64 << 20;

    private final OtlpMetricsReceiver receiver;

    public OtlpMetricsService(OtlpMetricsReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    protected HttpResponse doPost(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(req.aggregate().thenApplyAsync(this::handle, ctx.blockingTaskExecutor()));
    }

    private HttpResponse handle(AggregatedHttpRequest request) {
        MediaType type = request.contentType();
        boolean json = type != null && type.is(MediaType.JSON);
        boolean protobuf = type != null && (type.is(MediaType.PROTOBUF) || type.is(MediaType.create("application", "x-protobuf")));
        if (!json && !protobuf) {
            return HttpResponse.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, MediaType.PLAIN_TEXT_UTF_8,
                    "unsupported Content-Type '" + type + "': send application/x-protobuf or application/json\n");
        }
        ExportMetricsServiceRequest export;
        try {
            byte[] body = ContentEncodingDecoder.decode(request.content().array(),
                    request.headers().get(HttpHeaderNames.CONTENT_ENCODING), MAX_BODY_BYTES);
            if (json) {
                export = OtlpJson.parseMetrics(new String(body, StandardCharsets.UTF_8));
            } else {
                export = ExportMetricsServiceRequest.parseFrom(body);
            }
        } catch (InvalidProtocolBufferException e) {
            return status(HttpStatus.BAD_REQUEST, "body is not a valid OTLP ExportMetricsServiceRequest: " + e.getMessage(), json);
        } catch (BodyRejectedException e) {
            return status(HttpStatus.valueOf(e.status()), e.getMessage(), json);
        }
        TenantId tenant = TenantId.of(request.headers().get(TenantResolver.HEADER));
        try {
            return encode(receiver.export(tenant, export), json);
        } catch (IOException | StorageException e) {
            LOG.error("Storing an OTLP export of tenant {} failed", tenant, e);
            return status(HttpStatus.SERVICE_UNAVAILABLE, "storing failed: " + e.getMessage(), json);
        }
    }

    private static HttpResponse encode(ExportMetricsServiceResponse response, boolean json) {
        if (json) {
            try {
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, JsonFormat.printer().print(response));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("cannot print an OTLP response", e);
            }
        }
        return HttpResponse.of(HttpStatus.OK, MediaType.create("application", "x-protobuf"), response.toByteArray());
    }

    /** An error as OTLP/HTTP wants it: a google.rpc.Status-shaped body with the message. */
    private static HttpResponse status(HttpStatus status, String message, boolean json) {
        if (json) {
            String body = "{\"code\":" + (status.code() == 503 ? 14 : 3) + ",\"message\":" + quote(message) + "}";
            return HttpResponse.of(status, MediaType.JSON_UTF_8, body);
        }
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
