package dev.panoptes.wire.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A request body with its {@code Content-Encoding} undone: none ({@code identity}), {@code gzip}
 * ({@code x-gzip}) or {@code deflate} (zlib). A body over the limit, before or after
 * decompression, is refused with 413 without inflating more than the limit, so a small
 * compressed bomb costs at most {@code maxBytes}; an unknown encoding is 415; a corrupt stream
 * 400.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContentEncodingDecoder {

    private ContentEncodingDecoder() {
    }

    /**
     * The decoded body.
     *
     * @param raw the body as received
     * @param encoding the {@code Content-Encoding} header value, or null when absent
     * @param maxBytes the largest body accepted, compressed and decompressed
     */
    public static byte[] decode(byte[] raw, String encoding, int maxBytes) throws BodyRejectedException {
        if (raw.length > maxBytes) {
            throw new BodyRejectedException(413, "body of " + raw.length + " bytes is over the limit of " + maxBytes + " bytes");
        }
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return raw;
        }
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        try (InputStream in = switch (e) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(raw));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(raw));
            default -> throw new BodyRejectedException(415, "unsupported Content-Encoding '" + encoding.trim()
                    + "': send gzip, deflate or none");
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, Math.min(raw.length, 1 << 20) * 4));
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                if (out.size() > maxBytes) {
                    throw new BodyRejectedException(413, "body is over the limit of " + maxBytes + " bytes once decompressed");
                }
            }
            return out.toByteArray();
        } catch (IOException ex) {
            throw new BodyRejectedException(400, "body is not valid " + e + ": " + ex.getMessage());
        }
    }
}
