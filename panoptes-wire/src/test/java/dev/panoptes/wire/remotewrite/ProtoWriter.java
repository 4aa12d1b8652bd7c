package dev.panoptes.wire.remotewrite;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds protobuf bytes field by field, for tests that hand-craft remote write requests. */
final class ProtoWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long v) {
        tag(field, 0);
        raw(v);
        return this;
    }

    ProtoWriter sint(int field, long v) {
        return varint(field, (v << 1) ^ (v >> 63));
    }

    ProtoWriter fixed64(int field, double d) {
        tag(field, 1);
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
        return this;
    }

    ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        raw(b.length);
        out.writeBytes(b);
        return this;
    }

    ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.toByteArray());
    }

    ProtoWriter packedVarints(int field, long... values) {
        ProtoWriter inner = new ProtoWriter();
        for (long v : values) {
            inner.raw(v);
        }
        return bytes(field, inner.toByteArray());
    }

    private void tag(int field, int wire) {
        raw((long) field << 3 | wire);
    }

    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static ProtoWriter label(String name, String value) {
        return new ProtoWriter().string(1, name).string(2, value);
    }

    static ProtoWriter sample(double value, long t) {
        return new ProtoWriter().fixed64(1, value).varint(2, t);
    }
}
