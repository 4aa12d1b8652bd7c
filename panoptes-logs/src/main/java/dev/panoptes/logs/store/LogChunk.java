package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A sealed run of one stream's entries in time order, compressed with zstd (the layout is in
 * {@code docs/formats/log-chunk.md}): a small header with the version, entry count and time
 * range, then the compressed payload of timestamps, lines and structured metadata, then a
 * CRC32C of everything before it. Written once when the head cuts it, read by queries whose
 * range overlaps {@link #minTime()}..{@link #maxTime()}. A chunk cut from a head carries the
 * {@link ChunkBloom} of its lines, which flushing stores beside it.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogChunk {

    /** The format version this code writes and reads. */
    static final int VERSION = 1;
    static final int ENCODING_ZSTD = 1;

    private final byte[] bytes;
    private final long minTime;
    private final long maxTime;
    private final int entries;
    private final long lineBytes;
    private final int payloadOffset;
    private final int payloadLength;
    private final int rawLength;
    private final ChunkBloom bloom;

    private LogChunk(byte[] bytes, long minTime, long maxTime, int entries, long lineBytes, int payloadOffset, int payloadLength,
                     int rawLength, ChunkBloom bloom) {
        this.bloom = bloom;
        this.bytes = bytes;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.entries = entries;
        this.lineBytes = lineBytes;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.rawLength = rawLength;
    }

    /**
     * Encodes the first {@code n} entries of the arrays, which must be in time order (equal
     * timestamps keep their order).
     */
    static LogChunk encode(long[] times, String[] lines, Labels[] metadata, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("a chunk holds at least one entry");
        }
        EncodeBuffer payload = new EncodeBuffer(1 << 16);
        long previous = times[0];
        long lineBytes = 0;
        for (int i = 0; i < n; i++) {
            payload.putUvarint(times[i] - previous);
            previous = times[i];
            byte[] line = lines[i].getBytes(StandardCharsets.UTF_8);
            lineBytes += line.length;
            payload.putUvarint(line.length).putBytes(line, 0, line.length);
            Labels md = metadata[i];
            payload.putUvarint(md.size());
            for (int k = 0; k < md.size(); k++) {
                payload.putString(md.name(k)).putString(md.value(k));
            }
        }
        ZstdCompressor zstd = new ZstdCompressor();
        byte[] compressed = new byte[zstd.maxCompressedLength(payload.length())];
        int compressedLength = zstd.compress(payload.array(), 0, payload.length(), compressed, 0, compressed.length);

        EncodeBuffer out = new EncodeBuffer(compressedLength + 48);
        out.putByte(VERSION).putByte(ENCODING_ZSTD).putUvarint(n).putVarint(times[0]).putUvarint(times[n - 1] - times[0])
                .putUvarint(lineBytes).putUvarint(payload.length()).putUvarint(compressedLength);
        int payloadOffset = out.length();
        out.putBytes(compressed, 0, compressedLength);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        return new LogChunk(out.toByteArray(), times[0], times[n - 1], n, lineBytes, payloadOffset, compressedLength, payload.length(),
                ChunkBloom.of(lines, n));
    }

    /** Reads a chunk written by {@link #encode}, checking its checksum and header. */
    public static LogChunk decode(byte[] bytes) {
        if (bytes.length < 4) {
            throw new CorruptDataException("log chunk of " + bytes.length + " bytes is too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        DecodeBuffer tail = new DecodeBuffer(bytes, bytes.length - 4, 4);
        if (tail.getInt() != (int) crc.getValue()) {
            throw new CorruptDataException("log chunk checksum mismatch");
        }
        DecodeBuffer in = new DecodeBuffer(bytes, 0, bytes.length - 4);
        int version = in.getByte();
        if (version != VERSION) {
            throw new CorruptDataException("log chunk version " + version + " is not supported (this build reads " + VERSION + ")");
        }
        int encoding = in.getByte();
        if (encoding != ENCODING_ZSTD) {
            throw new CorruptDataException("log chunk encoding " + encoding + " is unknown");
        }
        int n = in.getUvarintInt();
        long min = in.getVarint();
        long max = min + in.getUvarint();
        long lineBytes = in.getUvarint();
        int raw = in.getUvarintInt();
        int compressed = in.getUvarintInt();
        if (compressed != in.remaining()) {
            throw new CorruptDataException("log chunk payload is " + in.remaining() + " bytes, header says " + compressed);
        }
        return new LogChunk(bytes, min, max, n, lineBytes, in.position(), compressed, raw, null);
    }

    /** The n-gram filter of the lines, built when the chunk was cut; null for a chunk read from bytes. */
    ChunkBloom bloom() {
        return bloom;
    }

    public long minTime() {
        return minTime;
    }

    public long maxTime() {
        return maxTime;
    }

    public int entries() {
        return entries;
    }

    /** The UTF-8 bytes of the lines, uncompressed. */
    public long lineBytes() {
        return lineBytes;
    }

    /** The encoded chunk, header and checksum included; do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    /** Bytes the chunk occupies encoded. */
    public int encodedBytes() {
        return bytes.length;
    }

    /**
     * Decompresses the entries whose time is within {@code [from, to]} into {@code out}; returns
     * how many were added.
     */
    int read(long from, long to, EntryBuffer out) {
        byte[] raw = new byte[rawLength];
        try {
            int actual = new ZstdDecompressor().decompress(bytes, payloadOffset, payloadLength, raw, 0, rawLength);
            if (actual != rawLength) {
                throw new CorruptDataException("log chunk payload decompresses to " + actual + " bytes, header says " + rawLength);
            }
        } catch (MalformedInputException e) {
            throw new CorruptDataException("log chunk payload does not decompress: " + e.getMessage(), e);
        }
        DecodeBuffer in = new DecodeBuffer(raw);
        long t = minTime;
        int added = 0;
        for (int i = 0; i < entries; i++) {
            t += in.getUvarint();
            int length = in.getUvarintInt();
            int lineStart = in.position();
            in.skip(length);
            int mdCount = in.getUvarintInt();
            Labels md = Labels.empty();
            if (mdCount > 0) {
                Labels.Builder b = Labels.builder();
                for (int k = 0; k < mdCount; k++) {
                    b.set(in.getString(), in.getString());
                }
                md = b.build();
            }
            if (t > to) {
                break;
            }
            if (t >= from) {
                out.add(t, new String(raw, lineStart, length, StandardCharsets.UTF_8), md);
                added++;
            }
        }
        return added;
    }
}
