package dev.panoptes.metrics.tsdb.head;

import java.util.Arrays;

/**
 * An open-addressing map from non-negative int keys to int values, for per-batch bookkeeping on
 * the append path where a {@code HashMap<Integer, Integer>} would box twice per sample.
 *
 * <p>Not thread-safe. {@link #get} answers -1 for an absent key.
 */
final class IntIntMap {

    private static final int EMPTY = -1;

    private int[] keys = newKeys(16);
    private int[] vals = new int[16];
    private int size;

    int get(int key) {
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == key) {
                return vals[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    void put(int key, int value) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                vals[i] = value;
                return;
            }
            if (keys[i] == EMPTY) {
                keys[i] = key;
                vals[i] = value;
                size++;
                return;
            }
        }
    }

    void clear() {
        if (size > 0) {
            if (keys.length > 1024) {
                // A huge batch should not pin a huge table for the appender's life.
                keys = newKeys(16);
                vals = new int[16];
            } else {
                Arrays.fill(keys, EMPTY);
            }
            size = 0;
        }
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldVals = vals;
        keys = newKeys(oldKeys.length * 2);
        vals = new int[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldVals[i]);
            }
        }
    }

    private static int[] newKeys(int n) {
        int[] k = new int[n];
        Arrays.fill(k, EMPTY);
        return k;
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
