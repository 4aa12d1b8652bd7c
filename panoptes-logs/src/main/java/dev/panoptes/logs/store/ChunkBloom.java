package dev.panoptes.logs.store;

import dev.panoptes.core.codec.CorruptDataException;
import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import dev.panoptes.core.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A bloom filter of the four-character substrings (n-grams of UTF-16 units) that lie inside the
 * words of a chunk's lines, so that a query for a string skips every chunk that cannot hold it.
 * A word is a run of ASCII letters and digits or of characters beyond ASCII; a line contains the
 * string only if the chunk holds every n-gram inside the string's words (an n-gram inside a word
 * of the string lies inside a word of any line holding the string, whatever surrounds it).
 * N-grams rather than whole words because a line filter matches any substring
 * ({@code |= "4711"} finds {@code order-47112}); only n-grams inside words because those that
 * span punctuation and spaces are most of a log's distinct n-grams but rarely what sets a needle
 * apart (on the loghub samples 41% as many n-grams, the same skipping).
 *
 * <p>Sized at {@link #BITS_PER_GRAM} bits per distinct n-gram with {@link #PROBES} probes: a
 * needle that a chunk lacks usually lacks several of its n-grams, so a high false-positive rate
 * per n-gram still skips nearly every chunk (see RATIONALE.md for the measurement). Filters
 * written by the first format version ({@link Scheme#ALL_SUBSTRINGS}) are still read.
 *
 * <p>A filter built since block index version 3 also holds the n-grams of the values of the
 * chunk's structured metadata ({@link #coversMetadata}), so that {@code | trace_id="..."} skips
 * chunks as {@code |= "..."} does. They are set apart by {@link #METADATA_SALT}, xor-ed into
 * the packed n-gram before hashing: a line needle is not let through by a metadata value
 * ({@code |= "error"} by {@code detected_level="error"}), nor a metadata value by a line.
 *
 * <p>A filter is either built in memory (a chunk just cut) or read over the bytes of a block's
 * {@code blooms} object ({@link #over}), tested in place without copying them into words, so
 * that block filters need not stay on the heap between queries.
 *
 * <p>Immutable once built, and thread-safe.
 */
public final class ChunkBloom {

    static final int GRAM = 4;
    static final int BITS_PER_GRAM = 3;
    static final int PROBES = 2;
    /** Xor-ed into a metadata value's packed n-grams, so that they are other keys than the same characters in a line. */
    static final long METADATA_SALT = 0x5bd1e9955bd1e995L;

    /** Which n-grams a filter holds and how many probes each sets. */
    enum Scheme {
        /** Version 1 of the block format: every four-character substring, 5 probes. */
        ALL_SUBSTRINGS(5),
        /** Version 2: the substrings inside words, {@link #PROBES} probes. */
        WORD_SUBSTRINGS(PROBES);

        final int probes;

        Scheme(int probes) {
            this.probes = probes;
        }
    }

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Scheme scheme;
    /** The words of a filter built in memory; null for one read over encoded bytes. */
    private final long[] bits;
    /** The encoded words (big-endian) of a filter read over bytes, from {@link #encodedBase}. */
    private final byte[] encoded;
    private final int encodedBase;
    private final int words;
    private final int bitCount;
    private final boolean coversMetadata;

    private ChunkBloom(Scheme scheme, long[] bits) {
        this.scheme = scheme;
        this.coversMetadata = true;
        this.bits = bits;
        this.encoded = null;
        this.encodedBase = 0;
        this.words = bits.length;
        this.bitCount = bits.length * 64;
    }

    private ChunkBloom(Scheme scheme, byte[] encoded, int encodedBase, int words, boolean coversMetadata) {
        this.scheme = scheme;
        this.coversMetadata = coversMetadata;
        this.bits = null;
        this.encoded = encoded;
        this.encodedBase = encodedBase;
        this.words = words;
        this.bitCount = words * 64;
    }

    /** The filter of the first {@code n} lines, which carry no metadata. */
    static ChunkBloom of(String[] lines, int n) {
        return of(lines, null, n);
    }

    /** The filter of the first {@code n} lines and the values of their metadata ({@code metadata} null: none). */
    static ChunkBloom of(String[] lines, Labels[] metadata, int n) {
        GramSet grams = new GramSet();
        for (int i = 0; i < n; i++) {
            addGrams(grams, lines[i], 0);
        }
        if (metadata != null) {
            for (int i = 0; i < n; i++) {
                // Entries of a chunk share few label sets, often the one before.
                if (i == 0 || metadata[i] != metadata[i - 1]) {
                    for (int k = 0; k < metadata[i].size(); k++) {
                        addGrams(grams, metadata[i].value(k), METADATA_SALT);
                    }
                }
            }
        }
        long bitsWanted = Math.max(64L, (long) grams.size * BITS_PER_GRAM);
        ChunkBloom bloom = new ChunkBloom(Scheme.WORD_SUBSTRINGS, new long[(int) Math.min(Integer.MAX_VALUE / 64, (bitsWanted + 63) / 64)]);
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

    private static void addGrams(GramSet grams, String text, long salt) {
        int length = text.length();
        // The last four characters packed as gram() packs them, rolled one character at a time:
        // each character is read once, and a gram is complete once four word characters follow
        // each other.
        long gram = 0;
        int run = 0;
        for (int at = 0; at < length; at++) {
            char c = text.charAt(at);
            if (isWordChar(c)) {
                gram = gram << 16 | c;
                if (++run >= GRAM) {
                    grams.add(gram ^ salt);
                }
            } else {
                run = 0;
            }
        }
    }

    /** Whether the filter holds the n-grams of the chunk's metadata values as well as of its lines. */
    boolean coversMetadata() {
        return coversMetadata;
    }

    static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80;
    }

    /** Whether a line of the chunk may contain {@code s}; true when {@code s} has no word of four characters. */
    public boolean mayContain(String s) {
        return mayContain(s, false);
    }

    /**
     * Whether a line of the chunk may contain {@code s}, with each ASCII letter in either case when
     * {@code ignoringCase}. A line holding the string in some case holds the n-grams of that
     * case, so an n-gram passes when any of its case variants (up to 16) does; n-grams of digits
     * and other characters keep their one form and rule out as many chunks as before.
     */
    boolean mayContain(String s, boolean ignoringCase) {
        return mayContain(s, ignoringCase, 0);
    }

    /**
     * Whether a metadata value of the chunk may contain {@code s}; true when the filter does not
     * hold the metadata ({@link #coversMetadata}) or {@code s} has no word of four characters.
     */
    boolean mayContainInMetadata(String s) {
        return !coversMetadata || mayContain(s, false, METADATA_SALT);
    }

    private boolean mayContain(String s, boolean ignoringCase, long salt) {
        if (scheme == Scheme.ALL_SUBSTRINGS) {
            for (int at = 0; at + GRAM <= s.length(); at++) {
                if (!testGram(gram(s, at) ^ salt, ignoringCase)) {
                    return false;
                }
            }
            return true;
        }
        int wordStart = 0;
        for (int at = 0; at <= s.length(); at++) {
            if (at == s.length() || !isWordChar(s.charAt(at))) {
                for (int g = wordStart; g + GRAM <= at; g++) {
                    if (!testGram(gram(s, g) ^ salt, ignoringCase)) {
                        return false;
                    }
                }
                wordStart = at + 1;
            }
        }
        return true;
    }

    /**
     * Whether a line may satisfy every group of {@code required}, where a group is satisfied by
     * any of its strings (the values of one {@code |=} filter joined by {@code or}).
     */
    boolean mayContainAll(List<List<LineSubstring>> required) {
        for (List<LineSubstring> group : required) {
            boolean any = false;
            for (LineSubstring s : group) {
                if (mayContain(s.text(), s.ignoresCase())) {
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

    private boolean testGram(long gram, boolean ignoringCase) {
        if (!ignoringCase) {
            return test(gram);
        }
        // The case bit (0x20) of each of the four characters that is an ASCII letter.
        long letters = 0;
        for (int shift = 0; shift < 64; shift += 16) {
            char c = (char) (gram >>> shift);
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
                letters |= 0x20L << shift;
            }
        }
        // Every subset of those bits, each flipped once: all the case variants of the n-gram.
        long subset = 0;
        do {
            if (test(gram ^ subset)) {
                return true;
            }
            subset = (subset - letters) & letters;
        } while (subset != 0);
        return false;
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
        for (int k = 0; k < scheme.probes; k++) {
            int bit = Math.floorMod(h1 + k * h2, bitCount);
            bits[bit >>> 6] |= 1L << bit;
        }
    }

    private boolean test(long gram) {
        long h = mix(gram);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int k = 0; k < scheme.probes; k++) {
            int bit = Math.floorMod(h1 + k * h2, bitCount);
            if ((word(bit >>> 6) & 1L << bit) == 0) {
                return false;
            }
        }
        return true;
    }

    private long word(int i) {
        return bits != null ? bits[i] : (long) BIG_ENDIAN_LONG.get(encoded, encodedBase + i * 8);
    }

    /** The encoded filter: {@code words:uvarint} then the bit words as big-endian u64. */
    void encode(EncodeBuffer out) {
        out.putUvarint(words);
        if (bits == null) {
            out.putBytes(encoded, encodedBase, words * 8);
            return;
        }
        for (long w : bits) {
            out.putLong(w);
        }
    }

    /**
     * The filter encoded in the whole of {@code bytes} (as {@link #encode} writes it), read in
     * place; the array must not change. {@code coversMetadata}: whether it was built with the
     * metadata values, which its encoding does not say.
     */
    static ChunkBloom over(byte[] bytes, Scheme scheme, boolean coversMetadata) {
        DecodeBuffer in = new DecodeBuffer(bytes);
        int words = in.getUvarintInt();
        if (words == 0 || words > in.remaining() / 8) {
            throw new CorruptDataException("bloom filter of " + words + " words does not fit in " + in.remaining() + " bytes");
        }
        return new ChunkBloom(scheme, bytes, in.position(), words, coversMetadata);
    }

    /** Bytes this filter occupies encoded. */
    int encodedBytes() {
        return words * 8 + 5;
    }

    /** The distinct n-grams of a chunk: open addressing over packed longs, 0 kept aside. */
    private static final class GramSet {
        private static final int INITIAL_BITS = 12;
        long[] keys = new long[1 << INITIAL_BITS];
        /** 64 minus the table's bits: a key's slot is the top bits of its Fibonacci hash. */
        int shift = 64 - INITIAL_BITS;
        int size;
        boolean hasZero;

        void add(long key) {
            if (key == 0) {
                hasZero = true;
                return;
            }
            int mask = keys.length - 1;
            // One multiply is spread enough for placing keys; the filter's bits use mix().
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
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
            shift--;
            size = 0;
            for (long k : old) {
                if (k != 0) {
                    add(k);
                }
            }
        }
    }
}
