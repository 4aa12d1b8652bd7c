package dev.panoptes.wire.proto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns strings decoded from byte ranges: a request names {@code job}, {@code instance} and
 * their values thousands of times, and each repeat should cost a hash lookup, not a new String.
 * Open addressing on the bytes' hash; replaced entries are simply forgotten (it is a cache).
 *
 * <p>Not thread-safe: one per decoder.
 */
public final class StringCache {

    private static final int MAX_CACHED_LENGTH = 256;

    private final String[] strings;
    private final byte[][] keys;
    private final int mask;

    public StringCache(int capacityPowerOfTwo) {
        strings = new String[capacityPowerOfTwo];
        keys = new byte[capacityPowerOfTwo][];
        mask = capacityPowerOfTwo - 1;
    }

    public String get(byte[] buf, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (length > MAX_CACHED_LENGTH) {
            return new String(buf, offset, length, StandardCharsets.UTF_8);
        }
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ (h >>> 16)) & mask;
        byte[] key = keys[slot];
        if (key != null && key.length == length && Arrays.equals(key, 0, length, buf, offset, offset + length)) {
            return strings[slot];
        }
        String s = new String(buf, offset, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(buf, offset, offset + length);
        strings[slot] = s;
        return s;
    }
}
