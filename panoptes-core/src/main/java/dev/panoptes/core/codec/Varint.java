package dev.panoptes.core.codec;

import java.nio.ByteBuffer;

/**
 * Variable-length integers: seven bits per byte, low groups first, the high bit set on every byte
 * but the last (the protobuf and Go {@code binary.Uvarint} layout). Signed values are zig-zag
 * mapped first so that small negative numbers stay short.
 */
public final class Varint {

    /** The longest encoding of a 64-bit value. */
    public static final int MAX_LENGTH = 10;

    private Varint() {
    }

    public static long zigZagEncode(long v) {
        return (v << 1) ^ (v >> 63);
    }

    public static long zigZagDecode(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Writes {@code value} unsigned at {@code pos}; returns the position after it. */
    public static int putUvarint(byte[] buf, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    public static int putVarint(byte[] buf, int pos, long value) {
        return putUvarint(buf, pos, zigZagEncode(value));
    }

    public static void putUvarint(ByteBuffer buf, long value) {
        while ((value & ~0x7FL) != 0) {
            buf.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buf.put((byte) value);
    }

    public static void putVarint(ByteBuffer buf, long value) {
        putUvarint(buf, zigZagEncode(value));
    }

    /** The encoded length of {@code value} unsigned. */
    public static int uvarintLength(long value) {
        int n = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * Reads an unsigned varint.
     *
     * @throws IllegalArgumentException if it runs past the buffer's limit or is longer than ten bytes
     */
    public static long getUvarint(ByteBuffer buf) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw new IllegalArgumentException("truncated varint at offset " + buf.position());
            }
            byte b = buf.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than ten bytes at offset " + buf.position());
    }

    public static long getVarint(ByteBuffer buf) {
        return zigZagDecode(getUvarint(buf));
    }
}
