package dev.panoptes.wire.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentEncodingDecoderTest {

    private static final byte[] BODY = "a push body, repeated ".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Test
    void identityGzipAndDeflateGiveTheBodyBack() throws Exception {
        assertThat(ContentEncodingDecoder.decode(BODY, null, 1 << 20)).isEqualTo(BODY);
        assertThat(ContentEncodingDecoder.decode(BODY, " identity ", 1 << 20)).isEqualTo(BODY);
        assertThat(ContentEncodingDecoder.decode(gzip(BODY), "gzip", 1 << 20)).isEqualTo(BODY);
        assertThat(ContentEncodingDecoder.decode(gzip(BODY), "X-GZIP", 1 << 20)).isEqualTo(BODY);
        assertThat(ContentEncodingDecoder.decode(deflate(BODY), "deflate", 1 << 20)).isEqualTo(BODY);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeOrAfterDecompression() throws Exception {
        assertThatThrownBy(() -> ContentEncodingDecoder.decode(BODY, null, 100))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.status()).isEqualTo(413));
        // a small bomb: a megabyte of zeros compresses to about a kilobyte
        byte[] bomb = gzip(new byte[1 << 20]);
        assertThat(bomb.length).isLessThan(8192);
        assertThatThrownBy(() -> ContentEncodingDecoder.decode(bomb, "gzip", 8192))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("once decompressed");
                });
    }

    @Test
    void unknownEncodingsAre415AndCorruptStreams400() {
        assertThatThrownBy(() -> ContentEncodingDecoder.decode(BODY, "br", 1 << 20))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.getMessage()).isEqualTo("unsupported Content-Encoding 'br': send gzip, deflate or none");
                });
        assertThatThrownBy(() -> ContentEncodingDecoder.decode(new byte[] {1, 2, 3}, "gzip", 1 << 20))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("body is not valid gzip");
                });
        assertThatThrownBy(() -> ContentEncodingDecoder.decode(new byte[] {1, 2, 3}, "deflate", 1 << 20))
                .isInstanceOfSatisfying(BodyRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
