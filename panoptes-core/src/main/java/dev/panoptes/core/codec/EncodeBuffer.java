package dev.panoptes.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array for building records and file sections: fixed-width big-endian integers,
 * varints, and length-prefixed UTF-8 strings. Reused across records with {@link #reset()}.
 *
 * <p>Not thread-safe.
 */
public final class EncodeBuffer {

    private byte[] buf;
    private int len;

    public EncodeBuffer(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public EncodeBuffer reset() {
        len = 0;
        return this;
    }

    public int length() {
        return len;
    }

    /** The backing array, valid up to {@link #length()}. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public EncodeBuffer putByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    public EncodeBuffer putInt(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public EncodeBuffer putLong(long v) {
        putInt((int) (v >>> 32));
        return putInt((int) v);
    }

    public EncodeBuffer putDouble(double v) {
        return putLong(Double.doubleToRawLongBits(v));
    }

    public EncodeBuffer putUvarint(long v) {
        ensure(Varint.MAX_LENGTH);
        len = Varint.putUvarint(buf, len, v);
        return this;
    }

    public EncodeBuffer putVarint(long v) {
        ensure(Varint.MAX_LENGTH);
        len = Varint.putVarint(buf, len, v);
        return this;
    }

    public EncodeBuffer putBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, len, length);
        len += length;
        return this;
    }

    /** A uvarint byte length, then the UTF-8 bytes. */
    public EncodeBuffer putString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        putUvarint(bytes.length);
        return putBytes(bytes, 0, bytes.length);
    }

    /** Overwrites four bytes at {@code pos}, for a length or checksum known only at the end. */
    public void setInt(int pos, int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
        }
    }
}
