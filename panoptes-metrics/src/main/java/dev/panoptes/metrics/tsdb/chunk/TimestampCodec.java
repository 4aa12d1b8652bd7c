package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitReader;
import dev.panoptes.core.codec.BitWriter;

/**
 * The delta-of-delta timestamp bits shared by the float and histogram chunks. Regular scrapes
 * give a delta-of-delta of zero, one bit per sample; jitter of up to ±8 s fits in 16 bits.
 *
 * <pre>
 *   0                      dod == 0
 *   10   + 14-bit signed   -8191 .. 8192
 *   110  + 17-bit signed   -65535 .. 65536
 *   1110 + 20-bit signed   -524287 .. 524288
 *   1111 + 64-bit          anything else
 * </pre>
 */
final class TimestampCodec {

    private TimestampCodec() {
    }

    /**
     * Writes the timestamp of sample number {@code count} of a chunk: the first as a varint, the
     * second as a delta, the rest as delta-of-delta. Returns the delta to keep for the next one.
     */
    static long write(BitWriter w, int count, long previous, long previousDelta, long timestamp) {
        if (count == 0) {
            w.writeVarint(timestamp);
            return 0;
        }
        long delta = timestamp - previous;
        if (count == 1) {
            w.writeUvarint(delta);
        } else {
            writeDod(w, delta - previousDelta);
        }
        return delta;
    }

    static void writeDod(BitWriter w, long dod) {
        if (dod == 0) {
            w.writeBit(false);
        } else if (fits(dod, 14)) {
            w.writeBits(0b10, 2);
            w.writeBits(dod, 14);
        } else if (fits(dod, 17)) {
            w.writeBits(0b110, 3);
            w.writeBits(dod, 17);
        } else if (fits(dod, 20)) {
            w.writeBits(0b1110, 4);
            w.writeBits(dod, 20);
        } else {
            w.writeBits(0b1111, 4);
            w.writeBits(dod, 64);
        }
    }

    static long readDod(BitReader r) {
        int prefix = 0;
        while (prefix < 4 && r.readBit()) {
            prefix++;
        }
        return switch (prefix) {
            case 0 -> 0;
            case 1 -> signExtend(r.readBits(14), 14);
            case 2 -> signExtend(r.readBits(17), 17);
            case 3 -> signExtend(r.readBits(20), 20);
            default -> r.readBits(64);
        };
    }

    /** Whether {@code v} is in {@code -(2^(n-1) - 1) .. 2^(n-1)}, the range of an n-bit field. */
    private static boolean fits(long v, int n) {
        return v >= -((1L << (n - 1)) - 1) && v <= 1L << (n - 1);
    }

    private static long signExtend(long v, int n) {
        // The largest positive value 2^(n-1) shares its bit pattern with -2^(n-1), which the
        // writer never produces, so that pattern decodes as the positive value.
        if (v > 1L << (n - 1)) {
            return v - (1L << n);
        }
        return v;
    }
}
