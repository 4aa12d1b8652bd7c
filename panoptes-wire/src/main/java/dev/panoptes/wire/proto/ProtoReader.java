package dev.panoptes.wire.proto;

import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire-format reader over a byte array, with nested limits for embedded
 * messages. Every read is bounds-checked and fails with a {@link ProtoFormatException}
 * naming the offset, so that no input can make it throw anything else.
 *
 * <p>Not thread-safe.
 */
public final class ProtoReader {

    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH = 2;
    public static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private int end;

    public ProtoReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public boolean hasMore() {
        return pos < end;
    }

    public int position() {
        return pos;
    }

    /** The next field's tag (field number << 3 | wire type). */
    public int readTag() throws ProtoFormatException {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
            throw malformed("invalid field tag " + tag);
        }
        return (int) tag;
    }

    public long readVarint() throws ProtoFormatException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw malformed("truncated varint");
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed("varint longer than ten bytes");
    }

    public long readSignedVarint() throws ProtoFormatException {
        long v = readVarint();
        return (v >>> 1) ^ -(v & 1);
    }

    public long readFixed64() throws ProtoFormatException {
        if (end - pos < 8) {
            throw malformed("truncated fixed64");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    public double readDouble() throws ProtoFormatException {
        return Double.longBitsToDouble(readFixed64());
    }

    /** Reads a length prefix and returns it, checked against what is left. */
    public int readLength() throws ProtoFormatException {
        long length = readVarint();
        if (length < 0 || length > end - pos) {
            throw malformed("length " + length + " runs past the end of its message (" + (end - pos) + " bytes left)");
        }
        return (int) length;
    }

    /** Narrows reading to the next {@code length} bytes; returns the limit to restore with {@link #popLimit}. */
    public int pushLimit(int length) {
        int old = end;
        end = pos + length;
        return old;
    }

    public void popLimit(int oldEnd) {
        pos = end;
        end = oldEnd;
    }

    /** Skips a field's value of the given wire type. */
    public void skip(int wireType) throws ProtoFormatException {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> skipBytes(8);
            case LENGTH -> skipBytes(readLength());
            case FIXED32 -> skipBytes(4);
            default -> throw malformed("unsupported wire type " + wireType);
        }
    }

    private void skipBytes(int n) throws ProtoFormatException {
        if (n > end - pos) {
            throw malformed("truncated field");
        }
        pos += n;
    }

    /** The bytes of a length-delimited field as (offset, length), advancing past them. */
    public int readBytesOffset(int length) {
        int start = pos;
        pos += length;
        return start;
    }

    public byte[] buffer() {
        return buf;
    }

    /** A string, strictly UTF-8. */
    public String readString(StringCache cache) throws ProtoFormatException {
        int length = readLength();
        int start = readBytesOffset(length);
        if (!Utf8.isValid(buf, start, length)) {
            throw malformed("invalid UTF-8 in a string");
        }
        return cache == null ? new String(buf, start, length, StandardCharsets.UTF_8) : cache.get(buf, start, length);
    }

    public static void expect(int tag, int wireType, String field) throws ProtoFormatException {
        if ((tag & 7) != wireType) {
            throw new ProtoFormatException("malformed protobuf: field " + field + " has wire type " + (tag & 7) + ", expected " + wireType);
        }
    }

    public ProtoFormatException malformed(String what) {
        return new ProtoFormatException("malformed protobuf at byte " + pos + ": " + what);
    }
}
