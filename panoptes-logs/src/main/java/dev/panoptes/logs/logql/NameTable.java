package dev.panoptes.logs.logql;

/**
 * Interns label names built in a reused buffer, so that parsing the same keys line after line
 * makes no new strings. Bounded: past {@value #MAX_NAMES} names (keys that vary per line) it starts
 * over rather than grow.
 *
 * <p>Not thread-safe.
 */
final class NameTable {

    static final int MAX_NAMES = 4096;

    private String[] slots = new String[64];
    private int count;

    String intern(CharSequence name) {
        int hash = hash(name);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            String s = slots[i];
            if (s == null) {
                s = name.toString();
                if (count >= MAX_NAMES) {
                    slots = new String[64];
                    count = 0;
                    return intern(name);
                }
                slots[i] = s;
                if (++count * 2 > slots.length) {
                    grow();
                }
                return s;
            }
            if (s.contentEquals(name)) {
                return s;
            }
        }
    }

    private static int hash(CharSequence s) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    private void grow() {
        String[] old = slots;
        slots = new String[old.length * 2];
        int mask = slots.length - 1;
        for (String s : old) {
            if (s != null) {
                int i = hash(s) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = s;
            }
        }
    }
}
