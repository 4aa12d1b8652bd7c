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
import dev.panoptes.wire.otlp.OtlpJson;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP metrics: {@code POST /v1/metrics} (and {@code /otlp/v1/metrics}), protobuf or JSON,
 * optionally gzip-compressed. Answers 200 with an {@code ExportMetricsServiceResponse} in the
 * request's encoding, carrying a partial success (rejected data points and why) when some points
 * could not be translated or stored; 400 for a body that does not decode (nothing stored); 415
 * for another content type.
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
            byte[] body = body(request);
            if (json) {
                export = OtlpJson.parseMetrics(new String(body, StandardCharsets.UTF_8));
            } else {
                export = ExportMetricsServiceRequest.parseFrom(body);
            }
        } catch (InvalidProtocolBufferException e) {
            return status(HttpStatus.BAD_REQUEST, "body is not a valid OTLP ExportMetricsServiceRequest: " + e.getMessage(), json);
        } catch (IOException e) {
            return status(HttpStatus.BAD_REQUEST, "body cannot be read: " + e.getMessage(), json);
        }
        TenantId tenant = TenantId.of(request.headers().get(TenantResolver.HEADER));
        try {
            return encode(receiver.export(tenant, export), json);
        } catch (IOException | StorageException e) {
            LOG.error("Storing an OTLP export of tenant {} failed", tenant, e);
            return status(HttpStatus.SERVICE_UNAVAILABLE, "storing failed: " + e.getMessage(), json);
        }
    }

    private static byte[] body(AggregatedHttpRequest request) throws IOException {
        byte[] raw = request.content().array();
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding == null || encoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!encoding.equalsIgnoreCase("gzip")) {
            throw new IOException("unsupported Content-Encoding '" + encoding + "' (gzip or none)");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new IOException("decompressed body is over " + MAX_BODY_BYTES + " bytes");
            }
            return body;
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
            String body = "{\"code\":" + (status.code() == 400 ? 3 : 14) + ",\"message\":" + quote(message) + "}";
            return HttpResponse.of(status, MediaType.JSON_UTF_8, body);
        }
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
