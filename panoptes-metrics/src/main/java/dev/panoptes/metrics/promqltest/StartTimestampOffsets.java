package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.time.Durations;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the offset sequence of an {@code @st} line ({@code _ _x3 -1m -30s-1mx2 0+1sx4}): one
 * offset in milliseconds per position, added to the sample's own timestamp to give its start
 * timestamp, or {@link #NONE} where the sample has none.
 */
final class StartTimestampOffsets {

    private static final Pattern ITEM = Pattern.compile(
            "(?:_(?:x([0-9]+))?)|(?:([+-]?[0-9]+[a-wyz]*)(?:([+-])([0-9]+[a-wyz]*))?(?:x([0-9]+))?)");

    /** A position without a start timestamp. */
    static final long NONE = Long.MIN_VALUE;

    private StartTimestampOffsets() {
    }

    static long[] parse(String sequence, int line) throws ScriptParseException {
        long[] offsets = new long[16];
        int positions = 0;
        for (String item : sequence.split("[ \t]+")) {
            if (item.isEmpty()) {
                continue;
            }
            Matcher m = ITEM.matcher(item);
            if (!m.matches()) {
                throw new ScriptParseException(line, "invalid @st item \"" + item + "\"");
            }
            if (item.startsWith("_")) {
                long n = m.group(1) == null ? 1 : Long.parseLong(m.group(1));
                if (n == 0) {
                    throw new ScriptParseException(line, "invalid repeat count in @st item \"" + item + "\"");
                }
                offsets = fill(offsets, positions, (int) n, NONE, 0);
                positions += (int) n;
                continue;
            }
            long first = duration(m.group(2), item, line);
            long step = 0;
            if (m.group(4) != null) {
                step = duration(m.group(4), item, line) * (m.group(3).equals("-") ? -1 : 1);
                if (m.group(5) == null) {
                    throw new ScriptParseException(line, "expected xN after the step of @st item \"" + item + "\"");
                }
            }
            int n = m.group(5) == null ? 1 : Math.toIntExact(Long.parseLong(m.group(5)) + 1);
            offsets = fill(offsets, positions, n, first, step);
            positions += n;
        }
        return java.util.Arrays.copyOf(offsets, positions);
    }

    /** Writes {@code n} offsets {@code first, first + step, ...} from {@code at}, growing the array as needed. */
    private static long[] fill(long[] offsets, int at, int n, long first, long step) {
        if (at + n > offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, Math.max(offsets.length * 2, at + n));
        }
        for (int i = 0; i < n; i++) {
            offsets[at + i] = first == NONE ? NONE : first + i * step;
        }
        return offsets;
    }

    private static long duration(String text, String item, int line) throws ScriptParseException {
        boolean negative = text.startsWith("-");
        String unsigned = negative || text.startsWith("+") ? text.substring(1) : text;
        try {
            long millis = Durations.parse(unsigned).toMillis();
            return negative ? -millis : millis;
        } catch (IllegalArgumentException e) {
            throw new ScriptParseException(line, "invalid duration in @st item \"" + item + "\": " + e.getMessage());
        }
    }
}
