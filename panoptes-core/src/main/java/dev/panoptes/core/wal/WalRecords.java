package dev.panoptes.core.wal;

import dev.panoptes.core.codec.EncodeBuffer;
import java.util.zip.CRC32C;

/**
 * The framing of a segment: an 8-byte header naming the format and its version, then records,
 * each a 4-byte big-endian payload length, the 4-byte CRC32C of the payload, then the payload. A zero length never occurs in a valid record, so the zeroes
 * of a preallocated or torn file read as the end.
 */
public final class WalRecords {

    /** The first bytes of every segment file: "PWAL", the format version, three zero bytes. */
    static final byte[] SEGMENT_HEADER = {'P', 'W', 'A', 'L', 1, 0, 0, 0};

    /** Bytes before each payload. */
    public static final int HEADER_BYTES = 8;

    /** The largest payload accepted; anything longer in a file is treated as corruption. */
    public static final int MAX_PAYLOAD = 256 << 20;

    private WalRecords() {
    }

    /** Marks where a record starts in {@code buf}; pass the result to {@link #end}. */
    public static int begin(EncodeBuffer buf) {
        int start = buf.length();
        buf.putInt(0).putInt(0);
        return start;
    }

    /** Fills in the header of the record that {@link #begin} started at {@code start}. */
    public static void end(EncodeBuffer buf, int start) {
        int payload = buf.length() - start - HEADER_BYTES;
        if (payload <= 0 || payload > MAX_PAYLOAD) {
            throw new IllegalArgumentException("record payload of " + payload + " bytes is outside 1.." + MAX_PAYLOAD);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), start + HEADER_BYTES, payload);
        buf.setInt(start, payload);
        buf.setInt(start + 4, (int) crc.getValue());
    }
}
