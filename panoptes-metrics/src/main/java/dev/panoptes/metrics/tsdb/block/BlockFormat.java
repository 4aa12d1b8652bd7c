package dev.panoptes.metrics.tsdb.block;

import dev.panoptes.core.objstore.ObjectKeys;

/** Names and constants of the block layout shared by the writer and the reader (docs/formats/block.md). */
final class BlockFormat {

    /** Version 2 adds paged chunk references; version 1 indexes are still read. */
    static final byte[] INDEX_MAGIC = {'P', 'I', 'D', 'X', 2, 0, 0, 0};
    static final int INDEX_VERSION_OFFSET = 4;
    static final int OLDEST_INDEX_VERSION = 1;
    /** In the index, a chunk's encoding byte with this bit set is followed by its place in a page. */
    static final int PAGED = 0x80;
    /** The encoding byte of a page entry in a chunk segment. */
    static final byte PAGE = 0x40;
    /** A page's data starts with flags; this one means the rest is one zstd frame. */
    static final int PAGE_COMPRESSED = 0x80;
    /**
     * Dense float chunks are gathered into pages of about this many bytes before compression:
     * one zstd frame per ~120-sample chunk spent more time reading its entropy tables than
     * decoding samples, and neighbouring series compress better together.
     */
    static final int PAGE_BYTES = 32 << 10;
    /** The largest decompressed page a reader accepts: a page is cut once it passes PAGE_BYTES, after at most one more chunk. */
    static final int MAX_PAGE_BYTES = 4 << 20;
    static final byte[] CHUNKS_MAGIC = {'P', 'C', 'H', 'K', 1, 0, 0, 0};
    /** The table of contents at the end of the index: five u64 section offsets, u32 CRC32C, u32 series count. */
    static final int TOC_BYTES = 5 * 8 + 4 + 4;
    /** Chunk segments are closed once they pass this size. */
    static final long SEGMENT_BYTES = 512L << 20;
    /** Per chunk entry: encoding byte, uvarint length (at most 5 bytes), data, CRC32C. */
    static final int CHUNK_ENTRY_OVERHEAD = 1 + 5 + 4;

    private BlockFormat() {
    }

    static String meta(String blockPrefix) {
        return blockPrefix + "meta.json";
    }

    static String index(String blockPrefix) {
        return blockPrefix + "index";
    }

    static String segment(String blockPrefix, int n) {
        return blockPrefix + "chunks/" + String.format(java.util.Locale.ROOT, "%06d", n);
    }

    /** The key prefix of block {@code id} of a tenant, ending in {@code /}. */
    static String blockPrefix(String tenantPrefix, String id) {
        String prefix = tenantPrefix + id + "/";
        ObjectKeys.check(prefix + "meta.json");
        return prefix;
    }
}
