package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitReader;
import dev.panoptes.core.codec.BitWriter;

/**
 * Signed integers in a bit stream with a unary width prefix, for the small differences between
 * successive histogram counts: an unchanged count costs one bit, a change of a few costs five.
 *
 * <pre>
 *   0                           0
 *   10      + 3-bit signed      -3 .. 4
 *   110     + 6-bit             -31 .. 32
 *   1110    + 9-bit             -255 .. 256
 *   11110   + 12-bit            -2047 .. 2048
 *   111110  + 18-bit            -131071 .. 131072
 *   1111110 + 25-bit            -16777215 .. 16777216
 *   1111111 + 64-bit            anything else
 * </pre>
 */
final class VarbitInt {

    private static final int[] WIDTHS = {3, 6, 9, 12, 18, 25};

    private VarbitInt() {
    }

    static void write(BitWriter w, long v) {
        if (v == 0) {
            w.writeBit(false);
            return;
        }
        for (int i = 0; i < WIDTHS.length; i++) {
            int n = WIDTHS[i];
            if (v >= -((1L << (n - 1)) - 1) && v <= 1L << (n - 1)) {
                // i + 1 one-bits and a zero, then the value.
                w.writeBits(((1L << (i + 1)) - 1) << 1, i + 2);
                w.writeBits(v, n);
                return;
            }
        }
        w.writeBits(0x7F, 7);
        w.writeBits(v, 64);
    }

    static long read(BitReader r) {
        int ones = 0;
        while (ones < 7 && r.readBit()) {
            ones++;
        }
        if (ones == 0) {
            return 0;
        }
        if (ones == 7) {
            return r.readBits(64);
        }
        int n = WIDTHS[ones - 1];
        long v = r.readBits(n);
        return v > 1L << (n - 1) ? v - (1L << n) : v;
    }
}
