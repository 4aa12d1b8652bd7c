package dev.panoptes.metrics.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the API's envelope with Jackson's streaming generator: {@code status}, {@code data},
 * then {@code warnings} and {@code infos} when there are any; or {@code status},
 * {@code errorType}, {@code error}. Strings are escaped as Prometheus' encoder escapes them ({@code <},
 * {@code >}, {@code &}, U+2028, U+2029 and control characters other than newline, return and tab
 * as lower-case hexadecimal escapes) so that responses
 * equal Prometheus' byte for byte. Thread-safe.
 */
final class JsonOutput {

    /** Writes the value of the {@code data} field. */
    @FunctionalInterface
    interface DataWriter {
        void write(JsonGenerator json) throws IOException;
    }

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final CharacterEscapes ESCAPES = new GoEscapes();
    private static final MediaType JSON = MediaType.JSON;

    private JsonOutput() {
    }

    /**
     * Writes a 200 response carrying {@code data} and the annotations to {@code writer} in chunks
     * (see {@link ChunkedBody}) and closes it; on failure the caller aborts the stream.
     */
    static void streamSuccess(HttpResponseWriter writer, DataWriter data, List<String> warnings, List<String> infos) throws IOException {
        writer.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, JSON));
        try (ChunkedBody body = new ChunkedBody(writer)) {
            writeSuccess(body, data, warnings, infos);
        }
        writer.close();
    }

    /** Writes the success envelope to {@code out}, flushed and left open. */
    static void writeSuccess(OutputStream out, DataWriter data, List<String> warnings, List<String> infos) throws IOException {
        try (JsonGenerator json = generator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeFieldName("data");
            data.write(json);
            strings(json, "warnings", warnings);
            strings(json, "infos", infos);
            json.writeEndObject();
        }
        out.flush();
    }

    /** The error object with the status code of its type. */
    static HttpResponse error(ApiException e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = generator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "error");
            json.writeStringField("errorType", e.type().apiName());
            json.writeStringField("error", e.getMessage());
            json.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.valueOf(e.type().status()), HttpHeaderNames.CONTENT_TYPE, JSON),
                HttpData.wrap(out.toByteArray()));
    }

    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator json = FACTORY.createGenerator(out);
        // The caller owns the stream: closing the generator flushes it but leaves it open.
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // A matrix empties the generator's buffer into the stream before each series' points
        // (see ValueJson): that must not flush the stream itself, which may send a network packet.
        json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        json.setCharacterEscapes(ESCAPES);
        return json;
    }

    private static void strings(JsonGenerator json, String field, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart(field);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    /** Go's HTML-safe escaping on top of JSON's own. */
    private static final class GoEscapes extends CharacterEscapes {

        private static final int[] TABLE;

        static {
            TABLE = CharacterEscapes.standardAsciiEscapesForJSON();
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    TABLE[c] = ESCAPE_CUSTOM;
                }
            }
            TABLE['<'] = ESCAPE_CUSTOM;
            TABLE['>'] = ESCAPE_CUSTOM;
            TABLE['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return TABLE;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> new SerializedString("\\u003c");
                case '>' -> new SerializedString("\\u003e");
                case '&' -> new SerializedString("\\u0026");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> ch < 0x20 ? new SerializedString(String.format("\\u%04x", ch)) : null;
            };
        }
    }
}
