package dev.panoptes.bench;

import io.airlift.compress.snappy.SnappyCompressor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Realistic remote write 1.0 request bodies, as Prometheus sends them: each series with its
 * labels (a node exporter's: name, instance, job and one or two more) and one sample.
 */
final class RemoteWriteRequests {

    private RemoteWriteRequests() {
    }

    /** A request of {@code series} series starting at series number {@code first}, one sample each at {@code t}. */
    static byte[] request(int first, int series, long t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(series * 120);
        for (int i = first; i < first + series; i++) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream(128);
            label(ts, "__name__", "node_network_receive_bytes_total_" + (i % 100));
            label(ts, "device", "eth" + (i / 100 % 10));
            label(ts, "instance", String.format(Locale.ROOT, "host-%06d:9100", i / 1000));
            label(ts, "job", "node");
            ByteArrayOutputStream sample = new ByteArrayOutputStream(16);
            sample.write(1 << 3 | 1);
            long bits = Double.doubleToRawLongBits((double) (t / 15_000 * (i % 977)));
            for (int k = 0; k < 8; k++) {
                sample.write((int) (bits >>> (8 * k)));
            }
            sample.write(2 << 3);
            varint(sample, t);
            field(ts, 2, sample.toByteArray());
            field(out, 1, ts.toByteArray());
        }
        return out.toByteArray();
    }

    static byte[] snappy(byte[] raw) {
        SnappyCompressor compressor = new SnappyCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(raw.length)];
        return Arrays.copyOf(out, compressor.compress(raw, 0, raw.length, out, 0, out.length));
    }

    private static void label(ByteArrayOutputStream out, String name, String value) {
        ByteArrayOutputStream label = new ByteArrayOutputStream(64);
        field(label, 1, name.getBytes(StandardCharsets.UTF_8));
        field(label, 2, value.getBytes(StandardCharsets.UTF_8));
        field(out, 1, label.toByteArray());
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (long) number << 3 | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
