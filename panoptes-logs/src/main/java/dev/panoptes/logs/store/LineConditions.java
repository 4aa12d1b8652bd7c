package dev.panoptes.logs.store;

import com.google.re2j.Pattern;
import dev.panoptes.logs.regex.CapturingRegex;
import dev.panoptes.logs.regex.RequiredText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LineCondition}s compiled for testing the lines of a {@link DecodedChunk} on their UTF-8
 * bytes. A UTF-8 string occurs in a line exactly when its bytes occur in the line's bytes, so a
 * substring test needs no String: the chunk's payload is viewed as a Latin-1 string (one char per
 * byte, copied once) and searched with {@link String#indexOf(String, int)}, which the JVM runs as
 * a vectorised intrinsic. Lines lie in the payload at increasing offsets, so each string's next
 * occurrence is searched once for many lines: a chunk whose lines lack a required string costs
 * one pass over its bytes. A regex is first looked for by the strings one of which each of its
 * matches holds ({@link RequiredText}), searched the same way; only lines that hold one run the
 * regex, on the same bytes ({@link CapturingRegex}), and those whose syntax it leaves to RE2/J
 * run on the line's String, built only for them.
 *
 * <p>Immutable; {@link #select} keeps its working state in a {@link Matching} per caller.
 */
final class LineConditions {

    static final LineConditions NONE = new LineConditions(List.of());

    private final LineCondition.Op[] ops;
    /** The conditions as given, whose values {@link #requiredSubstrings} hands to the blooms. */
    private final List<LineCondition> conditions;
    private final String[][] literals;
    private final Pattern[][] patterns;
    /** Per regex, the engine that searches the bytes, or null where only RE2/J can. */
    private final CapturingRegex[][] engines;
    /** Per regex, the strings one of which each match holds, or null when none is known. */
    private final RequiredText[][] required;
    private final int literalCount;
    private final boolean searchesBytes;

    private LineConditions(List<LineCondition> conditions) {
        int n = conditions.size();
        ops = new LineCondition.Op[n];
        this.conditions = List.copyOf(conditions);
        literals = new String[n][];
        patterns = new Pattern[n][];
        engines = new CapturingRegex[n][];
        required = new RequiredText[n][];
        int count = 0;
        boolean bytes = false;
        for (int i = 0; i < n; i++) {
            LineCondition c = conditions.get(i);
            ops[i] = c.op();
            if (c.op().isRegex()) {
                patterns[i] = new Pattern[c.values().size()];
                engines[i] = new CapturingRegex[c.values().size()];
                required[i] = new RequiredText[c.values().size()];
                for (int k = 0; k < patterns[i].length; k++) {
                    patterns[i][k] = Pattern.compile(c.values().get(k));
                    engines[i][k] = CapturingRegex.compile(c.values().get(k));
                    required[i][k] = RequiredText.of(c.values().get(k));
                    bytes |= engines[i][k] != null;
                }
            } else {
                literals[i] = new String[c.values().size()];
                for (int k = 0; k < literals[i].length; k++) {
                    literals[i][k] = new String(c.values().get(k).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                    count++;
                }
            }
        }
        literalCount = count;
        searchesBytes = count > 0 || bytes;
    }

    static LineConditions compile(List<LineCondition> conditions) {
        return conditions.isEmpty() ? NONE : new LineConditions(conditions);
    }

    boolean isEmpty() {
        return ops.length == 0;
    }

    /**
     * What a bloom filter can rule out: per {@code CONTAINS} condition, its strings; per
     * {@code MATCHES} condition whose every regex has {@link RequiredText}, those strings
     * ({@code |~ "trace-[0-9a-f]+-abc123"} needs {@code -abc123}), compared ignoring case where
     * they fold it ({@code |~ "(?i)order-4711"}).
     */
    List<List<LineSubstring>> requiredSubstrings() {
        List<List<LineSubstring>> groups = new ArrayList<>();
        for (int c = 0; c < ops.length; c++) {
            if (ops[c] == LineCondition.Op.CONTAINS) {
                groups.add(conditions.get(c).values().stream().map(LineSubstring::exact).toList());
            } else if (ops[c] == LineCondition.Op.MATCHES) {
                List<LineSubstring> group = bloomStrings(required[c]);
                if (group != null) {
                    groups.add(group);
                }
            }
        }
        return groups;
    }

    /** The strings one of which a line matching one of the regexes holds, or null when one regex has none. */
    private static List<LineSubstring> bloomStrings(RequiredText[] regexes) {
        List<LineSubstring> group = new ArrayList<>();
        for (RequiredText need : regexes) {
            if (need == null) {
                return null;
            }
            List<String> exact = need.exactStrings();
            if (exact != null) {
                for (String s : exact) {
                    group.add(LineSubstring.exact(s));
                }
            } else {
                for (String s : need.stringsIgnoringCase()) {
                    group.add(LineSubstring.ignoringCase(s));
                }
            }
        }
        return group;
    }

    /** Working state of one pass over one chunk: the payload as Latin-1, each string's next occurrence. */
    final class Matching {
        private final int[] next = new int[literalCount];
        private final CapturingRegex.Search[][] searches = new CapturingRegex.Search[engines.length][];
        /** Per regex with required text, its scan of the chunk; null elsewhere. */
        private final RequiredText.Scan[][] scans = new RequiredText.Scan[required.length][];
        private String text;
        private DecodedChunk chunk;

        private Matching() {
            for (int c = 0; c < required.length; c++) {
                if (required[c] != null) {
                    scans[c] = new RequiredText.Scan[required[c].length];
                    for (int k = 0; k < scans[c].length; k++) {
                        scans[c][k] = required[c][k] == null ? null : required[c][k].scan();
                    }
                }
            }
        }

        /**
         * Starts a pass over {@code chunk}'s entries from {@code first}; returns false when a
         * required string occurs nowhere in their bytes, so no line can pass.
         */
        boolean begin(DecodedChunk chunk, int first) {
            this.chunk = chunk;
            this.text = null;
            if (!searchesBytes || first >= chunk.size()) {
                return true;
            }
            text = chunk.text();
            int start = chunk.lineStart(first);
            int slot = 0;
            for (int i = 0; i < ops.length; i++) {
                if (literals[i] == null) {
                    if (!beginScans(i, start) && ops[i] == LineCondition.Op.MATCHES) {
                        return false;
                    }
                    continue;
                }
                boolean anywhere = false;
                for (String s : literals[i]) {
                    int at = text.indexOf(s, start);
                    next[slot++] = at < 0 ? Integer.MAX_VALUE : at;
                    anywhere |= at >= 0;
                }
                if (!anywhere && ops[i] == LineCondition.Op.CONTAINS) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Starts the required-text scans of regex condition {@code c}; false when every one of
         * its regexes has required text and none occurs from {@code start} on, so none can match.
         */
        private boolean beginScans(int c, int start) {
            boolean possible = false;
            for (RequiredText.Scan scan : scans[c]) {
                if (scan == null) {
                    possible = true;
                } else {
                    scan.begin(text);
                    possible |= scan.occursFrom(start);
                }
            }
            return possible;
        }

        private CapturingRegex.Search search(int c, int k) {
            if (searches[c] == null) {
                searches[c] = new CapturingRegex.Search[engines[c].length];
            }
            CapturingRegex.Search s = searches[c][k];
            if (s == null) {
                s = engines[c][k].search();
                searches[c][k] = s;
            }
            return s;
        }

        /** Whether entry {@code i} passes; entries must be asked in increasing order. */
        boolean accepts(int i) {
            int start = chunk.lineStart(i);
            int end = start + chunk.lineLength(i);
            String line = null;
            int slot = 0;
            for (int c = 0; c < ops.length; c++) {
                boolean any = false;
                if (patterns[c] != null) {
                    for (int k = 0; k < patterns[c].length && !any; k++) {
                        int found = CapturingRegex.UNDECIDED;
                        RequiredText need = required[c][k];
                        if (need != null) {
                            if (!scans[c][k].occursIn(start, end)) {
                                continue;
                            }
                            if (need.decidesMatch()) {
                                any = true;
                                continue;
                            }
                        }
                        if (engines[c][k] != null) {
                            found = search(c, k).find(text, start, end, true);
                        }
                        if (found == CapturingRegex.UNDECIDED) {
                            line = line != null ? line : chunk.line(i);
                            any = patterns[c][k].matcher(line).find();
                        } else {
                            any = found == CapturingRegex.MATCH;
                        }
                    }
                } else {
                    for (String s : literals[c]) {
                        int at = next[slot];
                        if (at < start) {
                            at = text.indexOf(s, start);
                            at = at < 0 ? Integer.MAX_VALUE : at;
                            next[slot] = at;
                        }
                        slot++;
                        if (!any && at <= end - s.length()) {
                            any = true;
                        }
                    }
                }
                if (any == ops[c].isNegative()) {
                    return false;
                }
            }
            return true;
        }
    }

    Matching matching() {
        return new Matching();
    }
}
