package dev.panoptes.core.codec;

import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growable byte array. The encoders of compressed
 * chunks write through it; the bits can be read back with {@link BitReader}.
 *
 * <p>Not thread-safe. The backing array is exposed through {@link #buffer()} so that a chunk can
 * be read while it is still being written, without a copy.
 */
public final class BitWriter {

    private byte[] buf;
    /** Number of bits written. */
    private long bits;

    public BitWriter(int initialBytes) {
        buf = new byte[Math.max(1, initialBytes)];
    }

    /** Continues writing after {@code bitLength} bits already present in {@code buffer}. */
    public BitWriter(byte[] buffer, long bitLength) {
        buf = buffer;
        bits = bitLength;
    }

    public void writeBit(boolean bit) {
        int byteIndex = (int) (bits >>> 3);
        ensure(byteIndex + 1);
        if (bit) {
            buf[byteIndex] |= (byte) (0x80 >>> (bits & 7));
        }
        bits++;
    }

    /** Writes the low {@code n} bits of {@code value}, most significant first; {@code 0 <= n <= 64}. */
    public void writeBits(long value, int n) {
        if (n == 0) {
            return;
        }
        ensure((int) ((bits + n + 7) >>> 3));
        if (n < 64) {
            value &= (1L << n) - 1;
        }
        while (n > 0) {
            int byteIndex = (int) (bits >>> 3);
            int free = 8 - (int) (bits & 7);
            int take = Math.min(free, n);
            int chunk = (int) (value >>> (n - take)) & ((1 << take) - 1);
            buf[byteIndex] |= (byte) (chunk << (free - take));
            bits += take;
            n -= take;
        }
    }

    /** Writes an unsigned varint (see {@link Varint}) byte by byte into the bit stream. */
    public void writeUvarint(long v) {
        while ((v & ~0x7FL) != 0) {
            writeBits((v & 0x7F) | 0x80, 8);
            v >>>= 7;
        }
        writeBits(v, 8);
    }

    /** Writes a zig-zag signed varint into the bit stream. */
    public void writeVarint(long v) {
        writeUvarint(Varint.zigZagEncode(v));
    }

    public void writeByte(int b) {
        writeBits(b & 0xFF, 8);
    }

    /** The bits written so far. */
    public long bitLength() {
        return bits;
    }

    /** The number of bytes holding the bits written so far. */
    public int byteLength() {
        return (int) ((bits + 7) >>> 3);
    }

    /** The backing array; valid up to {@link #byteLength()}, and replaced when the writer grows. */
    public byte[] buffer() {
        return buf;
    }

    /** A copy of the bytes written, trimmed to {@link #byteLength()}. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, byteLength());
    }

    /** Shrinks the backing array to the bytes in use, for a writer that will not grow much more. */
    public void trim() {
        if (buf.length > byteLength()) {
            buf = Arrays.copyOf(buf, Math.max(1, byteLength()));
        }
    }

    private void ensure(int bytes) {
        if (bytes > buf.length) {
            // Grow by half: chunks are small and many, so doubling would waste memory per series.
            buf = Arrays.copyOf(buf, Math.max(bytes, buf.length + (buf.length >> 1) + 1));
        }
    }
}
