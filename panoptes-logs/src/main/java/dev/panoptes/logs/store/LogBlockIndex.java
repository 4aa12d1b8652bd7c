package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The {@code index} object of a log block (layout in {@code docs/formats/log-block.md}): every
 * stream of the block with its labels and, per chunk, its byte range in the block's
 * {@code chunks} object, its time range and entry count, and where its bloom filter is in the
 * {@code blooms} object; a version byte first and a CRC32C last. A decoded index's refs read
 * their filters from the block's {@link StoredBlooms} when tested.
 *
 * <p>Immutable and thread-safe.
 */
record LogBlockIndex(List<Stream> streams) {

    /** The version written: a flags field per chunk (bit 0: its filter holds the metadata values); versions 1 and 2 are still read. */
    static final int VERSION = 3;
    /** Filters of word substrings, line bytes per chunk, no flags (filters of the lines alone). */
    static final int VERSION_LINE_BYTES = 2;
    /** The first version: filters of all substrings, no line bytes (the compressed length stands in). */
    static final int VERSION_ALL_SUBSTRINGS = 1;
    static final int FLAG_BLOOM_COVERS_METADATA = 1;

    LogBlockIndex {
        streams = List.copyOf(streams);
    }

    /** One stream's chunks in the block; {@code refs} name the block's chunks object. */
    record Stream(Labels labels, List<BlockChunkRef> refs) {
        Stream {
            refs = List.copyOf(refs);
        }
    }

    /** A chunk as a block writer knows it before the block is stored: where it is in {@code chunks}, and its filter. */
    record WrittenChunk(long offset, int length, long minTime, long maxTime, int entries, long lineBytes, ChunkBloom bloom) {
    }

    /** A stream of a block being written, with its chunks in the order they were added. */
    record WrittenStream(Labels labels, List<WrittenChunk> chunks) {
        WrittenStream {
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * Encodes the index of {@code streams} (sorted by labels); their filters go to {@code blooms}
     * (the block's {@code blooms} object) and the index records where each is.
     */
    static byte[] encode(List<WrittenStream> streams, EncodeBuffer blooms) {
        EncodeBuffer out = new EncodeBuffer(1024);
        out.putByte(VERSION).putUvarint(streams.size());
        for (WrittenStream s : streams) {
            out.putUvarint(s.labels().size());
            for (int i = 0; i < s.labels().size(); i++) {
                out.putString(s.labels().name(i)).putString(s.labels().value(i));
            }
            out.putUvarint(s.chunks().size());
            for (WrittenChunk r : s.chunks()) {
                int bloomStart = blooms.length();
                r.bloom().encode(blooms);
                out.putUvarint(r.offset()).putUvarint(r.length()).putVarint(r.minTime()).putUvarint(r.maxTime() - r.minTime())
                        .putUvarint(r.entries()).putUvarint(bloomStart).putUvarint(blooms.length() - bloomStart).putUvarint(r.lineBytes())
                        .putUvarint(r.bloom().coversMetadata() ? FLAG_BLOOM_COVERS_METADATA : 0);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        return out.toByteArray();
    }

    /** The scheme of the filters in a block whose index starts with {@code bytes[0]}. */
    static ChunkBloom.Scheme scheme(byte[] bytes) {
        return bytes.length > 0 && bytes[0] == VERSION_ALL_SUBSTRINGS ? ChunkBloom.Scheme.ALL_SUBSTRINGS : ChunkBloom.Scheme.WORD_SUBSTRINGS;
    }

    static LogBlockIndex decode(byte[] bytes, String chunksKey, StoredBlooms blooms) {
        if (bytes.length < 5) {
            throw new CorruptDataException("log block index of " + bytes.length + " bytes is too short");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if (new DecodeBuffer(bytes, bytes.length - 4, 4).getInt() != (int) crc.getValue()) {
            throw new CorruptDataException("log block index checksum mismatch");
        }
        DecodeBuffer in = new DecodeBuffer(bytes, 0, bytes.length - 4);
        int version = in.getByte();
        if (version != VERSION && version != VERSION_LINE_BYTES && version != VERSION_ALL_SUBSTRINGS) {
            throw new CorruptDataException("log block index version " + version + " is not supported (this build reads 1 to " + VERSION + ")");
        }
        int n = in.getUvarintInt();
        List<Stream> streams = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            int labelCount = in.getUvarintInt();
            Labels.Builder b = Labels.builder();
            for (int i = 0; i < labelCount; i++) {
                b.set(in.getString(), in.getString());
            }
            int refCount = in.getUvarintInt();
            List<BlockChunkRef> refs = new ArrayList<>(refCount);
            for (int i = 0; i < refCount; i++) {
                long offset = in.getUvarint();
                int length = in.getUvarintInt();
                long min = in.getVarint();
                long max = min + in.getUvarint();
                int entries = in.getUvarintInt();
                int bloomOffset = in.getUvarintInt();
                int bloomLength = in.getUvarintInt();
                if (bloomOffset > blooms.size() || bloomLength > blooms.size() - bloomOffset) {
                    throw new CorruptDataException("bloom filter at " + bloomOffset + "+" + bloomLength + " is past the end of the blooms object");
                }
                long lineBytes = version == VERSION_ALL_SUBSTRINGS ? length : in.getUvarint();
                boolean coversMetadata = version == VERSION && (in.getUvarint() & FLAG_BLOOM_COVERS_METADATA) != 0;
                refs.add(new BlockChunkRef(chunksKey, offset, length, min, max, entries, lineBytes, blooms, bloomOffset, bloomLength,
                        coversMetadata));
            }
            streams.add(new Stream(b.build(), refs));
        }
        return new LogBlockIndex(streams);
    }
}
