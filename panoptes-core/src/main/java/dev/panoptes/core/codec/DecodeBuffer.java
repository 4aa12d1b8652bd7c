package dev.panoptes.core.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link EncodeBuffer} wrote from a byte array range. Every read checks bounds and
 * fails with {@link CorruptDataException} naming the offset, so that a decoder of untrusted or
 * damaged bytes never throws an unchecked index error.
 *
 * <p>Not thread-safe; reusable through {@link #reset}.
 */
public final class DecodeBuffer {

    private byte[] buf;
    private int pos;
    private int end;

    public DecodeBuffer(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public DecodeBuffer(byte[] buf, int offset, int length) {
        reset(buf, offset, length);
    }

    public DecodeBuffer reset(byte[] buffer, int offset, int length) {
        this.buf = buffer;
        this.pos = offset;
        this.end = offset + length;
        return this;
    }

    /** The array being read, for decoders that continue at {@link #position()} with another reader. */
    public byte[] array() {
        return buf;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    public int getByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int getInt() {
        need(4);
        int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public long getLong() {
        long high = getInt() & 0xFFFFFFFFL;
        return high << 32 | (getInt() & 0xFFFFFFFFL);
    }

    public double getDouble() {
        return Double.longBitsToDouble(getLong());
    }

    public long getUvarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new CorruptDataException("varint longer than ten bytes at offset " + pos);
    }

    public long getVarint() {
        return Varint.zigZagDecode(getUvarint());
    }

    /** A uvarint that must fit a non-negative int (a count or a length). */
    public int getUvarintInt() {
        long v = getUvarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CorruptDataException("length " + v + " out of range at offset " + pos);
        }
        return (int) v;
    }

    public String getString() {
        int length = getUvarintInt();
        need(length);
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new CorruptDataException("need " + n + " bytes at offset " + pos + " but only " + (end - pos) + " remain");
        }
    }
}
