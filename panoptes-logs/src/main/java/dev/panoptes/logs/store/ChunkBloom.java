package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import java.util.List;

/**
 * A bloom filter of the four-character substrings (n-grams of UTF-16 units) of a chunk's lines,
 * so that a query for a string of four or more characters skips every chunk that cannot hold it:
 * a line contains the string only if the chunk holds each of the string's n-grams. N-grams rather
 * than whole words because a line filter matches any substring ({@code |= "4711"} finds
 * {@code order-47112}); a word filter would miss it. Sized at {@link #BITS_PER_GRAM} bits per
 * distinct n-gram with {@link #PROBES} probes (about 2% false positives).
 *
 * <p>Immutable once built, and thread-safe.
 */
public final class ChunkBloom {

    static final int GRAM = 4;
    static final int BITS_PER_GRAM = 8;
    static final int PROBES = 5;

    private final long[] bits;
    private final int bitCount;

    private ChunkBloom(long[] bits) {
        this.bits = bits;
        this.bitCount = bits.length * 64;
    }

    /** The filter of the first {@code n} lines. */
    static ChunkBloom of(String[] lines, int n) {
        GramSet grams = new GramSet();
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            for (int at = 0; at + GRAM <= line.length(); at++) {
                grams.add(gram(line, at));
            }
        }
        long bitsWanted = Math.max(64L, (long) grams.size * BITS_PER_GRAM);
        ChunkBloom bloom = new ChunkBloom(new long[(int) Math.min(Integer.MAX_VALUE / 64, (bitsWanted + 63) / 64)]);
        long[] keys = grams.keys;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                bloom.set(keys[i]);
            }
        }
        if (grams.hasZero) {
            bloom.set(0);
        }
        return bloom;
    }

    /** Whether a line of the chunk may contain {@code s}; always true for strings shorter than an n-gram. */
    public boolean mayContain(String s) {
        for (int at = 0; at + GRAM <= s.length(); at++) {
            if (!test(gram(s, at))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a line may satisfy every group of {@code required}, where a group is satisfied by
     * any of its strings (the values of one {@code |=} filter joined by {@code or}).
     */
    public boolean mayContainAll(List<List<String>> required) {
        for (List<String> group : required) {
            boolean any = false;
            for (String s : group) {
                if (mayContain(s)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static long gram(String s, int at) {
        return (long) s.charAt(at) << 48 | (long) s.charAt(at + 1) << 32 | (long) s.charAt(at + 2) << 16 | s.charAt(at + 3);
    }

    /** A 64-bit finaliser: spreads the packed characters over all bits. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private void set(long gram) {
        long h = mix(gram);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int k = 0; k < PROBES; k++) {
            int bit = Math.floorMod(h1 + k * h2, bitCount);
            bits[bit >>> 6] |= 1L << bit;
        }
    }

    private boolean test(long gram) {
        long h = mix(gram);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int k = 0; k < PROBES; k++) {
            int bit = Math.floorMod(h1 + k * h2, bitCount);
            if ((bits[bit >>> 6] & 1L << bit) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The encoded filter: {@code words:uvarint} then the bit words as big-endian u64. */
    void encode(EncodeBuffer out) {
        out.putUvarint(bits.length);
        for (long w : bits) {
            out.putLong(w);
        }
    }

    static ChunkBloom decode(DecodeBuffer in) {
        int words = in.getUvarintInt();
        if (words == 0 || words > in.remaining() / 8) {
            throw new CorruptDataException("bloom filter of " + words + " words does not fit in " + in.remaining() + " bytes");
        }
        long[] bits = new long[words];
        for (int i = 0; i < words; i++) {
            bits[i] = in.getLong();
        }
        return new ChunkBloom(bits);
    }

    /** Bytes this filter occupies encoded. */
    int encodedBytes() {
        return bits.length * 8 + 5;
    }

    /** The distinct n-grams of a chunk: open addressing over packed longs, 0 kept aside. */
    private static final class GramSet {
        long[] keys = new long[1 << 12];
        int size;
        boolean hasZero;

        void add(long key) {
            if (key == 0) {
                hasZero = true;
                return;
            }
            int mask = keys.length - 1;
            int slot = (int) mix(key) & mask;
            while (true) {
                long k = keys[slot];
                if (k == key) {
                    return;
                }
                if (k == 0) {
                    keys[slot] = key;
                    if (++size * 2 > keys.length) {
                        grow();
                    }
                    return;
                }
                slot = (slot + 1) & mask;
            }
        }

        private void grow() {
            long[] old = keys;
            keys = new long[old.length * 2];
            size = 0;
            for (long k : old) {
                if (k != 0) {
                    add(k);
                }
            }
        }
    }
}
