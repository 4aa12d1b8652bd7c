package dev.panoptes.metrics.tsdb.block;

import dev.panoptes.core.objstore.ObjectKeys;

/** Names and constants of the block layout shared by the writer and the reader (docs/formats/block.md). */
final class BlockFormat {

    static final byte[] INDEX_MAGIC = {'P', 'I', 'D', 'X', 1, 0, 0, 0};
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
