package dev.panoptes.metrics.promqltest;

import dev.panoptes.core.time.Durations;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the offset sequence of an {@code @st} line ({@code _ _x3 -1m -30s-1mx2 0+1sx4}) far
 * enough to validate it and count its positions. The offsets themselves are not kept: the
 * storage has no start timestamps to put them in.
 */
final class StartTimestampOffsets {

    private static final Pattern ITEM = Pattern.compile(
            "(?:_(?:x([0-9]+))?)|(?:([+-]?[0-9]+[a-wyz]*)(?:([+-])([0-9]+[a-wyz]*))?(?:x([0-9]+))?)");

    private StartTimestampOffsets() {
    }

    static int count(String sequence, int line) throws ScriptParseException {
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
                positions += (int) n;
                continue;
            }
            duration(m.group(2), item, line);
            if (m.group(4) != null) {
                duration(m.group(4), item, line);
                if (m.group(5) == null) {
                    throw new ScriptParseException(line, "expected xN after the step of @st item \"" + item + "\"");
                }
            }
            positions += m.group(5) == null ? 1 : (int) Long.parseLong(m.group(5)) + 1;
        }
        return positions;
    }

    private static void duration(String text, String item, int line) throws ScriptParseException {
        String unsigned = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        try {
            Durations.parse(unsigned);
        } catch (IllegalArgumentException e) {
            throw new ScriptParseException(line, "invalid duration in @st item \"" + item + "\": " + e.getMessage());
        }
    }
}
