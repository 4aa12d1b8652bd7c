package dev.panoptes.core.codec;

/**
 * Reads bits, most significant first, from a byte array range written by {@link BitWriter}.
 * Reading past the end returns zero bits and sets {@link #overrun()}, so that a decoder can check
 * once per value instead of once per bit.
 *
 * <p>Not thread-safe; reusable through {@link #reset}.
 */
public final class BitReader {

    private byte[] buf;
    private long pos;
    private long end;
    private boolean overrun;

    public BitReader() {
        this(new byte[0], 0, 0);
    }

    public BitReader(byte[] buf, int offset, int length) {
        reset(buf, offset, length);
    }

    public void reset(byte[] buffer, int offset, int length) {
        this.buf = buffer;
        this.pos = (long) offset << 3;
        this.end = (long) (offset + length) << 3;
        this.overrun = false;
    }

    public boolean readBit() {
        if (pos >= end) {
            overrun = true;
            return false;
        }
        boolean bit = (buf[(int) (pos >>> 3)] & (0x80 >>> (pos & 7))) != 0;
        pos++;
        return bit;
    }

    /** Reads {@code n} bits ({@code 0 <= n <= 64}) as an unsigned value. */
    public long readBits(int n) {
        if (pos + n > end) {
            overrun = true;
            pos = end;
            return 0;
        }
        long value = 0;
        while (n > 0) {
            int byteIndex = (int) (pos >>> 3);
            int used = (int) (pos & 7);
            int avail = 8 - used;
            if (used == 0 && n >= 8) {
                value = (value << 8) | (buf[byteIndex] & 0xFF);
                pos += 8;
                n -= 8;
                continue;
            }
            int take = Math.min(avail, n);
            int b = (buf[byteIndex] & 0xFF) >>> (avail - take) & ((1 << take) - 1);
            value = (value << take) | b;
            pos += take;
            n -= take;
        }
        return value;
    }

    /** Reads an unsigned varint (see {@link Varint}) from the bit stream, byte by byte. */
    public long readUvarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            long b = readBits(8);
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        overrun = true;
        return 0;
    }

    /** Reads a zig-zag signed varint from the bit stream. */
    public long readVarint() {
        return Varint.zigZagDecode(readUvarint());
    }

    /** Whether a read went past the end of the range (the values read then are meaningless). */
    public boolean overrun() {
        return overrun;
    }

    public long bitPosition() {
        return pos;
    }
}
