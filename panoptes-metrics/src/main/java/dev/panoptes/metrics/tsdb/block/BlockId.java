package dev.panoptes.metrics.tsdb.block;

import java.security.SecureRandom;

/**
 * Block identifiers that sort by creation time: 26 characters of Crockford base32 holding a
 * 48-bit millisecond timestamp and 80 random bits (the ULID layout), so that listing a tenant's
 * blocks lists them oldest first.
 */
public final class BlockId {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private BlockId() {
    }

    public static String next(long nowMs) {
        char[] out = new char[26];
        long time = nowMs & 0xFFFF_FFFF_FFFFL;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        // 80 bits as 16 characters of 5 bits.
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = high << 8 | (random[i] & 0xFF);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = low << 8 | (random[i] & 0xFF);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code s} has the shape of a block id (so that stray keys are ignored). */
    public static boolean isValid(String s) {
        if (s.length() != 26) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (new String(ALPHABET).indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
