package dev.panoptes.logs.logql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which labels a pipeline's parsers have to extract, when not all of them: a pipeline whose
 * parsers ({@code json} and {@code logfmt} without extractions, one or more, as Logs
 * Drilldown's {@code | json | logfmt}) are followed only by line and label filters, and whose
 * caller reads only some labels of the result (a metric query grouping {@code by} a few labels),
 * needs just the labels those filters and the caller name. Every other label a parser would set
 * is skipped, so no String is made for it; drop and keep may follow too, since they only take
 * labels away. Anything else (templates, other parsers) may read any label, so then every label
 * is extracted. As Loki's parsers do with hints, a parser stops reading a line once every label
 * needed is set (a fault further on is then not reported), and reads nothing when no label is
 * needed; a filter on {@code __error__} needs the whole line. A probe's hints ({@link #exact})
 * read every line to its end.
 */
final class ParserHints {

    private final Set<String> names;
    /** The names and, for each {@code x_extracted} among them, {@code x}: the keys a parser may turn into one of the names. */
    private final Set<String> keys;
    private final String[] keyArray;
    /** {@link #keyArray}'s characters, for {@link #plainKeyIndex}. */
    private final char[][] keyChars;
    /** Bit {@code n} set when some key is {@code n} characters long (keys up to 63). */
    private final long keyLengths;

    /**
     * Whether the parsers stop reading a line once every {@link #required} label is set, and do
     * not read it at all when none is, as Loki's do; false for a probe, which must drop exactly
     * what the full stages would.
     */
    private final boolean stopping;
    /** The labels a caller needs: the names and their keys, without the engine's own marker. */
    private final String[] required;

    private ParserHints(Set<String> names, boolean stopsWhenFound) {
        this.names = Set.copyOf(names);
        this.stopping = stopsWhenFound;
        Set<String> keys = new HashSet<>(names);
        for (String n : names) {
            if (n.endsWith(PipelineLabels.EXTRACTED_SUFFIX)) {
                keys.add(n.substring(0, n.length() - PipelineLabels.EXTRACTED_SUFFIX.length()));
            }
        }
        this.keys = Set.copyOf(keys);
        this.keyArray = keys.toArray(new String[0]);
        this.keyChars = new char[keyArray.length][];
        long lengths = 0;
        for (int i = 0; i < keyArray.length; i++) {
            keyChars[i] = keyArray[i].toCharArray();
            lengths |= keyChars[i].length < 64 ? 1L << keyChars[i].length : 0;
        }
        this.keyLengths = lengths;
        Set<String> required = new HashSet<>(keys);
        required.remove(MetricQueryEngine.PRESERVE_ERROR_LABEL);
        this.required = required.toArray(new String[0]);
    }

    /** Whether the parsers stop reading a line once every needed label is set (a caller's hints, needing some label). */
    boolean stopsWhenFound() {
        return stopping && required.length > 0;
    }

    /**
     * Whether a parser may leave the line unread: no label is needed from it (Loki's
     * {@code sum(count_over_time({...} | json [1m]))} parses nothing, so reports no error either).
     */
    boolean skipsParsing() {
        return stopping && required.length == 0;
    }

    /**
     * Whether every needed label is set on the entry, so that the parsers stop reading it: what
     * comes after, including a syntax fault, is not looked at, as in Loki.
     */
    boolean allFound(PipelineLabels labels) {
        if (!stopsWhenFound()) {
            return false;
        }
        for (String name : required) {
            if (!labels.isExtracted(name)) {
                return false;
            }
        }
        return true;
    }

    /** The keys {@link #mayName} accepts, a new array each call; {@link #plainKeyIndex} indexes it. */
    String[] keys() {
        return keyArray.clone();
    }

    /** Whether the parser sets the label {@code name} (the name after any {@code _extracted}). */
    boolean contains(String name) {
        return names.contains(name);
    }

    /**
     * Whether a key read as {@code key} may become a label to set, as itself or as
     * {@code key_extracted}: false lets the parser skip the key before it looks at the stream's labels.
     */
    boolean mayName(String key) {
        return keys.contains(key);
    }

    /**
     * As {@link #mayName}, asked of a raw key {@code text[from, to)} before it is sanitized or
     * interned, so that most keys of a line are passed over at the cost of a comparison. A key
     * that sanitizing would change (not a plain identifier) answers true: the caller then takes
     * the full path.
     */
    boolean mayNameRaw(String text, int from, int to) {
        if (from == to || (text.charAt(from) >= '0' && text.charAt(from) <= '9')) {
            return true;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return true;
            }
        }
        int length = to - from;
        for (String key : keyArray) {
            if (key.length() == length && text.regionMatches(from, key, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some key may be {@code length} characters long (false only when none is). */
    boolean mayHaveKeyOfLength(int length) {
        return length >= 64 || (keyLengths & (1L << length)) != 0;
    }

    /**
     * The plain key {@code text[from, to)} (ASCII letters, digits and {@code _}, not led by a
     * digit: sanitizing leaves it as it is) looked up among the {@link #keys()}: the index of the
     * one it equals, or -1. So a caller need neither sanitize nor intern a key to skip or set it.
     */
    int plainKeyIndex(char[] text, int from, int to) {
        int length = to - from;
        if (!mayHaveKeyOfLength(length)) {
            return -1;
        }
        for (int k = 0; k < keyChars.length; k++) {
            char[] key = keyChars[k];
            if (key.length == length && java.util.Arrays.equals(key, 0, length, text, from, to)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The names the parser must set, or null for all.
     *
     * @param resultLabels the labels the caller reads from the result; null when it reads them all
     */
    static ParserHints of(List<PipelineStage> stages, Set<String> resultLabels) {
        return of(stages, resultLabels, true);
    }

    /**
     * As {@link #of} for a caller reading no result label, with parsers that read every line to
     * its end, so that errors are reported as without hints: for a probe.
     */
    static ParserHints exact(List<PipelineStage> stages) {
        return of(stages, Set.of(), false);
    }

    private static ParserHints of(List<PipelineStage> stages, Set<String> resultLabels, boolean stopsWhenFound) {
        if (resultLabels == null) {
            return null;
        }
        Set<String> needed = new HashSet<>(resultLabels);
        // Whether the error is to be kept is read from the labels; a line may carry that label itself.
        needed.add(MetricQueryEngine.PRESERVE_ERROR_LABEL);
        int parsers = 0;
        for (PipelineStage stage : stages) {
            switch (stage) {
                case LineFilter f -> { }
                case PipelineStage.JsonParser j when j.extractions().isEmpty() -> parsers++;
                case PipelineStage.LogfmtParser l when l.extractions().isEmpty() -> parsers++;
                case PipelineStage.LabelFilterStage s -> collect(s.filter(), needed);
                // drop and keep only take labels away: one the parser skips is one the caller
                // never reads, dropped or kept. Logs Drilldown's queries drop __error__ this way.
                case PipelineStage.DropLabels d -> { }
                case PipelineStage.KeepLabels k -> { }
                default -> {
                    return null;
                }
            }
        }
        // With several parsers the first value of a wanted name still wins the same way: a
        // parser's label clashes only with the stream's and the metadata's (then it is
        // name_extracted), and a name an earlier parser set, a later one leaves alone.
        return parsers > 0 ? new ParserHints(needed, stopsWhenFound) : null;
    }

    /**
     * The leading stages of {@code stages} that only filter around one json or logfmt parser
     * without extractions, up to the last label filter after that parser; null when there is
     * none. Compiled with {@link #of} for no result labels, they drop exactly the entries the
     * full stages would drop at that point, extracting only the labels their filters read.
     */
    static List<PipelineStage> filteringPrefix(List<PipelineStage> stages) {
        boolean parsed = false;
        int end = -1;
        for (int i = 0; i < stages.size(); i++) {
            PipelineStage stage = stages.get(i);
            if (stage instanceof LineFilter) {
                continue;
            }
            if (stage instanceof PipelineStage.LabelFilterStage) {
                if (parsed) {
                    end = i + 1;
                }
                continue;
            }
            boolean parser = stage instanceof PipelineStage.JsonParser j && j.extractions().isEmpty()
                    || stage instanceof PipelineStage.LogfmtParser l && l.extractions().isEmpty();
            if (!parser || parsed) {
                break;
            }
            parsed = true;
        }
        return end < 0 ? null : List.copyOf(stages.subList(0, end));
    }

    /** Adds the label names {@code filter} reads to {@code names}. */
    static void collect(LabelFilter filter, Set<String> names) {
        switch (filter) {
            case LabelFilter.StringMatch s -> names.add(s.matcher().name());
            case LabelFilter.NumberCompare n -> names.add(n.name());
            case LabelFilter.DurationCompare d -> names.add(d.name());
            case LabelFilter.BytesCompare b -> names.add(b.name());
            case LabelFilter.IpMatch ip -> names.add(ip.name());
            case LabelFilter.And and -> and.operands().forEach(f -> collect(f, names));
            case LabelFilter.Or or -> or.operands().forEach(f -> collect(f, names));
        }
    }
}
