package dev.panoptes.logs.ingest;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A push body with its {@code Content-Encoding} undone (none, {@code gzip} or {@code deflate}),
 * shared by the push receivers. A body over the limit, before or after decompression, is 413;
 * an unknown encoding 415; a corrupt stream 400.
 *
 * <p>Stateless and thread-safe.
 */
final class ContentDecoding {

    private ContentDecoding() {
    }

    static byte[] decoded(AggregatedHttpRequest request, int maxBytes) throws BodyException {
        byte[] raw = request.content().array();
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            if (raw.length > maxBytes) {
                throw new BodyException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "push body of " + raw.length + " bytes is over the limit of "
                        + maxBytes);
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
                if (out.size() > maxBytes) {
                    throw new BodyException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "push body is over the limit of " + maxBytes
                            + " bytes once decompressed");
                }
            }
            return out.toByteArray();
        } catch (IOException ex) {
            throw new BodyException(HttpStatus.BAD_REQUEST, "body is not valid " + e + ": " + ex.getMessage());
        }
    }
}
