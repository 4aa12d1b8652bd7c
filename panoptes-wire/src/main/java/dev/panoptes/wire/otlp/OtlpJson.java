package dev.panoptes.wire.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * OTLP/JSON metrics and logs requests. OTLP/JSON follows the protobuf JSON mapping except that
 * trace and span ids are hex strings, where the mapping writes bytes as base64; the ids are
 * rewritten before the mapping parses the rest, so exemplars and log records keep the ids the
 * sender meant. Unknown
 * fields are ignored, as OTLP asks of receivers.
 *
 * <p>Thread-safe.
 */
public final class OtlpJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OtlpJson() {
    }

    public static ExportMetricsServiceRequest parseMetrics(String json) throws InvalidProtocolBufferException {
        ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
        parse(json, builder);
        return builder.build();
    }

    public static ExportLogsServiceRequest parseLogs(String json) throws InvalidProtocolBufferException {
        ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
        parse(json, builder);
        return builder.build();
    }

    private static void parse(String json, Message.Builder builder) throws InvalidProtocolBufferException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidProtocolBufferException("not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProtocolBufferException("not a JSON object");
        }
        hexIdsToBase64(tree);
        JsonFormat.parser().ignoringUnknownFields().merge(tree.toString(), builder);
    }

    private static void hexIdsToBase64(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                hexIdsToBase64(element);
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            int hexLength = name.equals("traceId") || name.equals("trace_id") ? 32 : name.equals("spanId") || name.equals("span_id") ? 16 : 0;
            if (hexLength > 0 && value.isTextual() && isHex(value.asText(), hexLength)) {
                field.setValue(object.textNode(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(value.asText()))));
            } else {
                hexIdsToBase64(value);
            }
        }
    }

    /** Hex of exactly the id's length; base64 ids of those byte lengths always end in padding, so never match. */
    private static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
