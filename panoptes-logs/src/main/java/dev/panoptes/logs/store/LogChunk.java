package dev.panoptes.logs.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.codec.Varint;
import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A sealed run of one stream's entries in time order, compressed with zstd (the layout is in
 * {@code docs/formats/log-chunk.md}): a small header with the version, entry count and time
 * range, then the compressed payload, then a CRC32C of everything before it. The payload is
 * columnar: every timestamp delta, every line length, the structured metadata, then the lines
 * back to back, so that a reader can search all lines of a chunk in one pass over one byte range
 * ({@link DecodedChunk}). Written once when the head cuts it, read by queries whose range overlaps
 * {@link #minTime()}..{@link #maxTime()}. A chunk cut from a head carries the {@link ChunkBloom}
 * of its lines, which flushing stores beside it.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogChunk {

    /** The zstd level: the best ratio per compression second on the loghub samples (RATIONALE.md). */
    static final int COMPRESSION_LEVEL = 6;

    /** Codecs reused per thread: each holds native working memory larger than a small chunk. */
    private static final ThreadLocal<ZstdCompressCtx> COMPRESSOR = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(COMPRESSION_LEVEL);
        return ctx;
    });
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    /** The format version this code writes; versions 1 (entries as rows) and 2 (metadata per entry) are still read. */
    static final int VERSION = 3;
    static final int VERSION_ROWS = 1;
    static final int VERSION_METADATA_PER_ENTRY = 2;
    static final int ENCODING_ZSTD = 1;

    private final byte[] bytes;
    private final int version;
    private final long minTime;
    private final long maxTime;
    private final int entries;
    private final long lineBytes;
    private final int payloadOffset;
    private final int payloadLength;
    private final int rawLength;
    private final ChunkBloom bloom;

    private LogChunk(byte[] bytes, int version, long minTime, long maxTime, int entries, long lineBytes, int payloadOffset,
                     int payloadLength, int rawLength, ChunkBloom bloom) {
        this.bytes = bytes;
        this.version = version;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.entries = entries;
        this.lineBytes = lineBytes;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.rawLength = rawLength;
        this.bloom = bloom;
    }

    /**
     * Encodes the first {@code n} entries of the arrays, which must be in time order (equal
     * timestamps keep their order).
     */
    static LogChunk encode(long[] times, String[] lines, Labels[] metadata, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("a chunk holds at least one entry");
        }
        byte[][] text = new byte[n][];
        long textLength = 0;
        for (int i = 0; i < n; i++) {
            text[i] = lines[i].getBytes(StandardCharsets.UTF_8);
            textLength += text[i].length;
        }
        EncodeBuffer md = new EncodeBuffer(16);
        boolean anyMetadata = false;
        for (int i = 0; i < n && !anyMetadata; i++) {
            anyMetadata = !metadata[i].isEmpty();
        }
        if (anyMetadata) {
            // Each distinct label set once, then an index per entry: most entries carry one of
            // a few sets (a detected_level each), which then cost a byte rather than the set.
            Map<Labels, Integer> index = new HashMap<>();
            int[] entryIndex = new int[n];
            List<Labels> distinct = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Integer at = index.get(metadata[i]);
                if (at == null) {
                    at = distinct.size();
                    index.put(metadata[i], at);
                    distinct.add(metadata[i]);
                }
                entryIndex[i] = at;
            }
            md.putUvarint(distinct.size());
            for (Labels set : distinct) {
                md.putUvarint(set.size());
                for (int k = 0; k < set.size(); k++) {
                    md.putString(set.name(k)).putString(set.value(k));
                }
            }
            for (int i = 0; i < n; i++) {
                md.putUvarint(entryIndex[i]);
            }
        }
        // One buffer sized for the whole payload up front: growing it by doubling copied the
        // lines several times over for every chunk cut.
        EncodeBuffer payload = new EncodeBuffer((int) Math.min(Integer.MAX_VALUE - 64, textLength + md.length() + 15L * n + 2 * Varint.MAX_LENGTH));
        long previous = times[0];
        for (int i = 0; i < n; i++) {
            payload.putUvarint(times[i] - previous);
            previous = times[i];
        }
        for (int i = 0; i < n; i++) {
            payload.putUvarint(text[i].length);
        }
        payload.putUvarint(md.length()).putBytes(md.array(), 0, md.length());
        for (int i = 0; i < n; i++) {
            payload.putBytes(text[i], 0, text[i].length);
        }
        return seal(VERSION, times[0], times[n - 1], n, textLength, payload, ChunkBloom.of(lines, anyMetadata ? metadata : null, n));
    }

    private static LogChunk seal(int version, long min, long max, int n, long lineBytes, EncodeBuffer payload, ChunkBloom bloom) {
        ZstdCompressCtx zstd = COMPRESSOR.get();
        byte[] compressed = new byte[(int) Zstd.compressBound(payload.length())];
        int compressedLength = zstd.compressByteArray(compressed, 0, compressed.length, payload.array(), 0, payload.length());
        EncodeBuffer out = new EncodeBuffer(compressedLength + 48);
        out.putByte(version).putByte(ENCODING_ZSTD).putUvarint(n).putVarint(min).putUvarint(max - min)
                .putUvarint(lineBytes).putUvarint(payload.length()).putUvarint(compressedLength);
        int payloadOffset = out.length();
        out.putBytes(compressed, 0, compressedLength);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        return new LogChunk(out.toByteArray(), version, min, max, n, lineBytes, payloadOffset, compressedLength, payload.length(), bloom);
    }

    /** Reads a chunk written by {@link #encode} (or by an earlier version), checking its checksum and header. */
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
        if (version != VERSION && version != VERSION_METADATA_PER_ENTRY && version != VERSION_ROWS) {
            throw new CorruptDataException("log chunk version " + version + " is not supported (this build reads 1 to " + VERSION + ")");
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
        return new LogChunk(bytes, version, min, max, n, lineBytes, in.position(), compressed, raw, null);
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

    /** Decompresses the payload into {@code into} (grown when too small); returns the buffer holding it. */
    byte[] decompress(byte[] into) {
        byte[] raw = into != null && into.length >= rawLength ? into : new byte[Math.max(rawLength, into == null ? 0 : into.length * 2)];
        try {
            int actual = DECOMPRESSOR.get().decompressByteArray(raw, 0, rawLength, bytes, payloadOffset, payloadLength);
            if (actual != rawLength) {
                throw new CorruptDataException("log chunk payload decompresses to " + actual + " bytes, header says " + rawLength);
            }
        } catch (ZstdException e) {
            throw new CorruptDataException("log chunk payload does not decompress: " + e.getMessage(), e);
        }
        return raw;
    }

    int version() {
        return version;
    }

    int rawLength() {
        return rawLength;
    }

    /**
     * Decompresses the entries whose time is within {@code [from, to]} into {@code out}; returns
     * how many were added.
     */
    int read(long from, long to, EntryBuffer out) {
        DecodedChunk decoded = new DecodedChunk();
        decoded.decode(this);
        int added = 0;
        for (int i = 0; i < decoded.size(); i++) {
            long t = decoded.time(i);
            if (t > to) {
                break;
            }
            if (t >= from) {
                out.add(t, decoded.line(i), decoded.metadata(i));
                added++;
            }
        }
        return added;
    }
}
