package dev.panoptes.wire.loki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.wire.proto.ProtoFormatException;
import dev.panoptes.wire.proto.ProtoReader;
import dev.panoptes.wire.proto.StringCache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Decodes Loki push bodies (after any content encoding and, for protobuf, snappy) into a
 * {@link LokiPushSink}. The protobuf form, {@code logproto.PushRequest}, is read by hand because
 * it is the hot path of log ingestion: fields are read in place, label and metadata strings are
 * interned across the request, and an entry costs its line's String and nothing more. The JSON
 * form ({@code {"streams":[{"stream":{...},"values":[["<ns>","line",{...}]]}]}}) is rarer and
 * read through Jackson's tree.
 *
 * <p>A body that cannot be read is a {@link LokiPushFormatException} (nothing stored); a stream
 * whose labels are invalid goes to {@link LokiPushSink#rejectStream} and the rest continues.
 * Lines are decoded as UTF-8 with malformed bytes replaced, as Loki keeps what it was sent;
 * label and metadata strings must be valid UTF-8.
 *
 * <p>Not thread-safe; one decoder per request thread, reusable.
 */
public final class LokiPushDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Timestamps beyond this many seconds do not fit nanoseconds in a long. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L - 1;

    private final StringCache cache = new StringCache(1024);
    private final Labels.Builder metadata = Labels.builder();

    /** Decodes a {@code logproto.PushRequest}. */
    public void decodeProtobuf(byte[] buf, int offset, int length, LokiPushSink sink) throws LokiPushFormatException {
        try {
            ProtoReader r = new ProtoReader(buf, offset, length);
            while (r.hasMore()) {
                int tag = r.readTag();
                if (tag >>> 3 == 1) {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "streams");
                    int len = r.readLength();
                    int old = r.pushLimit(len);
                    stream(r, r.position(), len, sink);
                    r.popLimit(old);
                } else {
                    r.skip(tag & 7);
                }
            }
        } catch (ProtoFormatException e) {
            throw new LokiPushFormatException(e.getMessage());
        }
    }

    private void stream(ProtoReader r, int start, int length, LokiPushSink sink) throws ProtoFormatException {
        // The labels first, wherever they are in the message: entries need their stream.
        ProtoReader labelsPass = new ProtoReader(r.buffer(), start, length);
        String labelText = null;
        int entries = 0;
        while (labelsPass.hasMore()) {
            int tag = labelsPass.readTag();
            if (tag >>> 3 == 1) {
                ProtoReader.expect(tag, ProtoReader.LENGTH, "labels");
                labelText = labelsPass.readString(cache);
            } else {
                entries += tag >>> 3 == 2 ? 1 : 0;
                labelsPass.skip(tag & 7);
            }
        }
        Labels labels;
        try {
            labels = LokiLabelParser.parse(labelText == null ? "" : labelText);
        } catch (LokiLabelParser.InvalidLabelsException e) {
            sink.rejectStream(labelText == null ? "error at least one label pair is required per stream" : e.getMessage(), entries,
                    length);
            return;
        }
        sink.stream(labels);
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 2) {
                ProtoReader.expect(tag, ProtoReader.LENGTH, "entries");
                int old = r.pushLimit(r.readLength());
                entry(r, sink);
                r.popLimit(old);
            } else {
                r.skip(tag & 7);
            }
        }
    }

    private void entry(ProtoReader r, LokiPushSink sink) throws ProtoFormatException {
        long timestamp = 0;
        String line = "";
        metadata.reset(Labels.empty());
        boolean hasMetadata = false;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "timestamp");
                    int old = r.pushLimit(r.readLength());
                    timestamp = timestamp(r);
                    r.popLimit(old);
                }
                case 2 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "line");
                    int len = r.readLength();
                    line = new String(r.buffer(), r.readBytesOffset(len), len, StandardCharsets.UTF_8);
                }
                case 3 -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH, "structuredMetadata");
                    int old = r.pushLimit(r.readLength());
                    metadataPair(r);
                    r.popLimit(old);
                    hasMetadata = true;
                }
                default -> r.skip(tag & 7);
            }
        }
        sink.entry(timestamp, line, hasMetadata ? metadata.build() : Labels.empty());
    }

    /** A {@code google.protobuf.Timestamp}: seconds and nanos, as nanoseconds since the epoch. */
    private static long timestamp(ProtoReader r) throws ProtoFormatException {
        long seconds = 0;
        long nanos = 0;
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 1 && (tag & 7) == ProtoReader.VARINT) {
                seconds = r.readVarint();
            } else if (tag >>> 3 == 2 && (tag & 7) == ProtoReader.VARINT) {
                nanos = (int) r.readVarint();
            } else {
                r.skip(tag & 7);
            }
        }
        if (seconds < -MAX_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999_999_999) {
            throw r.malformed("timestamp " + seconds + "s " + nanos + "ns is out of range");
        }
        return seconds * 1_000_000_000L + nanos;
    }

    private void metadataPair(ProtoReader r) throws ProtoFormatException {
        String name = "";
        String value = "";
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 1 && (tag & 7) == ProtoReader.LENGTH) {
                name = r.readString(cache);
            } else if (tag >>> 3 == 2 && (tag & 7) == ProtoReader.LENGTH) {
                value = r.readString(cache);
            } else {
                r.skip(tag & 7);
            }
        }
        if (name.isEmpty()) {
            throw r.malformed("structured metadata with an empty name");
        }
        metadata.set(name, value);
    }

    /** Decodes the JSON form of a push request. */
    public void decodeJson(byte[] buf, int offset, int length, LokiPushSink sink) throws LokiPushFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(buf, offset, length);
        } catch (JsonProcessingException e) {
            throw new LokiPushFormatException("invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LokiPushFormatException("invalid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("streams").isArray()) {
            throw new LokiPushFormatException("a push body is an object with a \"streams\" array");
        }
        int index = 0;
        for (JsonNode stream : root.get("streams")) {
            jsonStream(stream, index++, sink);
        }
    }

    private void jsonStream(JsonNode stream, int index, LokiPushSink sink) throws LokiPushFormatException {
        JsonNode labelsNode = stream.path("stream");
        JsonNode values = stream.path("values");
        if (!stream.isObject() || !labelsNode.isObject() || !(values.isArray() || values.isMissingNode())) {
            throw new LokiPushFormatException("streams[" + index + "] must be an object with a \"stream\" object and a \"values\" array");
        }
        Labels labels;
        try {
            labels = jsonLabels(labelsNode);
        } catch (LokiLabelParser.InvalidLabelsException e) {
            sink.rejectStream(e.getMessage(), values.size(), 0);
            return;
        }
        sink.stream(labels);
        int v = 0;
        for (JsonNode value : values) {
            String where = "streams[" + index + "].values[" + v++ + "]";
            if (!value.isArray() || value.size() < 2 || value.size() > 3 || !value.get(1).isTextual()) {
                throw new LokiPushFormatException(where + " must be [\"<unix epoch in nanoseconds>\", \"<log line>\"] with an optional metadata object");
            }
            long timestamp = jsonTimestamp(value.get(0), where);
            Labels entryMetadata = Labels.empty();
            if (value.size() == 3) {
                entryMetadata = jsonMetadata(value.get(2), where);
            }
            sink.entry(timestamp, value.get(1).textValue(), entryMetadata);
        }
    }

    private static Labels jsonLabels(JsonNode node) throws LokiLabelParser.InvalidLabelsException {
        Labels.Builder b = Labels.builder();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        StringBuilder text = new StringBuilder("{");
        boolean any = false;
        String problem = null;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String value = f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString();
            text.append(any ? ", " : "").append(f.getKey()).append('=').append(Labels.quote(value));
            any = true;
            if (problem == null && !LokiLabelParser.isValidName(f.getKey())) {
                problem = "invalid label name '" + f.getKey() + "'";
            } else if (problem == null && !f.getValue().isTextual()) {
                problem = "label '" + f.getKey() + "' has a value that is not a string";
            } else if (problem == null && value.isEmpty()) {
                problem = "label '" + f.getKey() + "' has an empty value";
            }
            b.set(f.getKey(), value);
        }
        if (!any) {
            throw new LokiLabelParser.InvalidLabelsException("error at least one label pair is required per stream");
        }
        if (problem != null) {
            throw new LokiLabelParser.InvalidLabelsException("stream '" + text.append('}') + "' has " + problem);
        }
        return b.build();
    }

    private static long jsonTimestamp(JsonNode node, String where) throws LokiPushFormatException {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new LokiPushFormatException(where + ": timestamp " + node + " is not an integer number of nanoseconds since the epoch");
    }

    private Labels jsonMetadata(JsonNode node, String where) throws LokiPushFormatException {
        if (!node.isObject()) {
            throw new LokiPushFormatException(where + ": structured metadata must be an object of strings");
        }
        metadata.reset(Labels.empty());
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getValue().isTextual() || f.getKey().isEmpty()) {
                throw new LokiPushFormatException(where + ": structured metadata '" + f.getKey() + "' must be a string with a name");
            }
            metadata.set(f.getKey(), f.getValue().textValue());
        }
        return metadata.build();
    }
}
