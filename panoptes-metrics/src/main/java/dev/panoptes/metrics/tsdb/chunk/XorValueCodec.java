package dev.panoptes.metrics.tsdb.chunk;

import dev.panoptes.core.codec.BitReader;
import dev.panoptes.core.codec.BitWriter;

/**
 * Gorilla value compression: each float is XOR'd with the previous one and only the meaningful
 * bits are written. A repeated value costs one bit; a value whose changed bits fit the previous
 * window costs two bits plus the window.
 *
 * <pre>
 *   0                                         same value
 *   10 + (64 - leading - trailing) bits       fits the previous window
 *   11 + 5-bit leading + 6-bit length + bits  new window (length 64 is written as 0)
 * </pre>
 *
 * The state (previous bits and window) lives in the caller, in a two-int array, so that a chunk
 * holding it needs no extra object.
 */
final class XorValueCodec {

    /** Marks "no window yet": any leading count is at least zero and fits. */
    static final int NO_WINDOW = 0xFF;

    private XorValueCodec() {
    }

    /**
     * Writes {@code bits} against {@code previous} and returns the new window packed as
     * {@code leading << 8 | trailing} (unchanged when the value repeats or fits).
     */
    static int write(BitWriter w, long previous, long bits, int window) {
        long xor = previous ^ bits;
        if (xor == 0) {
            w.writeBit(false);
            return window;
        }
        w.writeBit(true);
        int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int trailing = Long.numberOfTrailingZeros(xor);
        int prevLeading = window >>> 8;
        int prevTrailing = window & 0xFF;
        if (window != NO_WINDOW && leading >= prevLeading && trailing >= prevTrailing) {
            w.writeBit(false);
            w.writeBits(xor >>> prevTrailing, 64 - prevLeading - prevTrailing);
            return window;
        }
        int significant = 64 - leading - trailing;
        w.writeBit(true);
        w.writeBits(leading, 5);
        w.writeBits(significant & 0x3F, 6);
        w.writeBits(xor >>> trailing, significant);
        return leading << 8 | trailing;
    }

    /**
     * Reads one value written by {@link #write}; {@code state[0]} holds the previous bits and
     * {@code state[1]} the window, both updated.
     */
    static void read(BitReader r, long[] state) {
        if (!r.readBit()) {
            return;
        }
        int leading;
        int trailing;
        if (!r.readBit()) {
            int window = (int) state[1];
            leading = window >>> 8;
            trailing = window & 0xFF;
        } else {
            leading = (int) r.readBits(5);
            int significant = (int) r.readBits(6);
            if (significant == 0) {
                significant = 64;
            }
            trailing = 64 - leading - significant;
            if (trailing < 0) {
                // Only a damaged chunk gets here; the caller checks the reader for overrun.
                trailing = 0;
            }
            state[1] = leading << 8 | trailing;
        }
        int significant = 64 - leading - trailing;
        long xor = r.readBits(significant) << trailing;
        state[0] ^= xor;
    }
}
