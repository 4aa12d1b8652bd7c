package dev.panoptes.wire.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds protobuf bytes field by field, for tests that hand-craft requests (remote write, Loki push). */
public final class ProtoWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ProtoWriter varint(int field, long v) {
        tag(field, 0);
        raw(v);
        return this;
    }

    public ProtoWriter sint(int field, long v) {
        return varint(field, (v << 1) ^ (v >> 63));
    }

    public ProtoWriter fixed64(int field, double d) {
        tag(field, 1);
        long bits = Double.doubleToRawLongBits(d);
        for (int i = 0; i < 8; i++) {
            out.write((int) (bits >>> (8 * i)));
        }
        return this;
    }

    public ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        raw(b.length);
        out.writeBytes(b);
        return this;
    }

    public ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    public ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.toByteArray());
    }

    public ProtoWriter packedVarints(int field, long... values) {
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

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public static ProtoWriter label(String name, String value) {
        return new ProtoWriter().string(1, name).string(2, value);
    }

    public static ProtoWriter sample(double value, long t) {
        return new ProtoWriter().fixed64(1, value).varint(2, t);
    }
}
