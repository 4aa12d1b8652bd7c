package dev.panoptes.metrics.tsdb.tombstone;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The {@code tombstones} object of a block: deleted intervals by series ordinal. Layout
 * (docs/formats/block.md): {@code "PTMB" version:u8 0 0 0 count:uvarint (ordinal:uvarint
 * n:uvarint (min:varint span:uvarint){n})* crc:u32be}.
 */
public final class BlockTombstones {

    private static final byte[] MAGIC = {'P', 'T', 'M', 'B', 1, 0, 0, 0};

    private BlockTombstones() {
    }

    public static byte[] encode(Map<Integer, Intervals> byOrdinal) {
        EncodeBuffer out = new EncodeBuffer(64 + byOrdinal.size() * 8);
        out.putBytes(MAGIC, 0, MAGIC.length);
        TreeMap<Integer, Intervals> sorted = new TreeMap<>(byOrdinal);
        out.putUvarint(sorted.size());
        sorted.forEach((ordinal, intervals) -> {
            out.putUvarint(ordinal).putUvarint(intervals.size());
            for (int i = 0; i < intervals.size(); i++) {
                out.putVarint(intervals.min(i)).putUvarint(intervals.max(i) - intervals.min(i));
            }
        });
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.length());
        out.putInt((int) crc.getValue());
        return out.toByteArray();
    }

    /** @throws CorruptDataException if the object is damaged */
    public static Map<Integer, Intervals> decode(byte[] bytes) {
        if (bytes.length < MAGIC.length + 4) {
            throw new CorruptDataException("tombstones of " + bytes.length + " bytes");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new CorruptDataException("tombstones have a bad header (magic or version)");
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        DecodeBuffer tail = new DecodeBuffer(bytes, bytes.length - 4, 4);
        if ((int) crc.getValue() != tail.getInt()) {
            throw new CorruptDataException("tombstones fail their checksum");
        }
        DecodeBuffer dec = new DecodeBuffer(bytes, MAGIC.length, bytes.length - 4 - MAGIC.length);
        int count = dec.getUvarintInt();
        Map<Integer, Intervals> result = new TreeMap<>();
        for (int s = 0; s < count; s++) {
            int ordinal = dec.getUvarintInt();
            int n = dec.getUvarintInt();
            Intervals intervals = Intervals.NONE;
            for (int i = 0; i < n; i++) {
                long min = dec.getVarint();
                intervals = intervals.add(min, min + dec.getUvarint());
            }
            result.put(ordinal, intervals);
        }
        return result;
    }
}
