package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitReader;
import dev.panoptes.core.codec.BitWriter;

/**
 * The start-timestamp bits that follow each sample in the float and histogram chunks that carry
 * them. The common patterns cost one or two bits: a cumulative series keeps one start until it
 * resets, a delta series starts each sample at the previous sample's timestamp.
 *
 * <pre>
 *   0                      the previous sample's start (0, none, before the first sample)
 *   10                     the previous sample's timestamp
 *   110                    none (0)
 *   111 + signed varint    t - start
 * </pre>
 */
final class StartTimestampCodec {

    private StartTimestampCodec() {
    }

    /**
     * Writes the start of sample number {@code count}; {@code previousStart} and
     * {@code previousT} are those of the sample before it (ignored for the first).
     */
    static void write(BitWriter w, int count, long previousStart, long previousT, long start, long t) {
        long before = count == 0 ? 0 : previousStart;
        if (start == before) {
            w.writeBit(false);
        } else if (count > 0 && start == previousT) {
            w.writeBits(0b10, 2);
        } else if (start == 0) {
            w.writeBits(0b110, 3);
        } else {
            w.writeBits(0b111, 3);
            w.writeVarint(t - start);
        }
    }

    /** Reads the start of sample number {@code read}, whose timestamp is {@code t}. */
    static long read(BitReader r, int read, long previousStart, long previousT, long t) {
        if (!r.readBit()) {
            return read == 0 ? 0 : previousStart;
        }
        if (!r.readBit()) {
            return read == 0 ? 0 : previousT;
        }
        if (!r.readBit()) {
            return 0;
        }
        return t - r.readVarint();
    }
}
