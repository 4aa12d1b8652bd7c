package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The labels of the entry a {@link LogPipeline} is working on, as its stages see and change them:
 * the stream's labels, then its structured metadata, then what parsers and formatters set, with
 * the error label kept apart the way Loki keeps it (a stage sets it, a later stage may test or
 * drop it, it joins the labels only at the end).
 *
 * <p>Names are unique; a later category replaces an earlier one's value under the same name. The
 * stream's own labels stay known after a stage drops them, because a parser names a clashing
 * label {@code name_extracted} by the stream's labels and metadata, not by what is left. Values may be
 * empty here ({@code logfmt --keep-empty}); the result's {@link Labels} then leave them out.
 *
 * <p>Reused from entry to entry; not thread-safe.
 */
final class PipelineLabels {

    static final String ERROR = "__error__";
    static final String ERROR_DETAILS = "__error_details__";
    static final String EXTRACTED_SUFFIX = "_extracted";

    private static final byte STREAM = 0;
    private static final byte METADATA = 1;
    private static final byte PARSED = 2;

    private Labels stream = Labels.empty();
    private Labels merged = Labels.empty();
    private String[] names = new String[16];
    /** A null value is a slice of a line not yet made a String: {@code sliceLines[i][sliceFrom[i], sliceTo[i])}. */
    private String[] values = new String[16];
    private String[] sliceLines = new String[16];
    private int[] sliceFrom = new int[16];
    private int[] sliceTo = new int[16];
    /** Whether the slice's line is a stored line's UTF-8 bytes viewed as Latin-1 (one char per byte) rather than the line's own chars. */
    private boolean[] sliceBytes = new boolean[16];
    private byte[] categories = new byte[16];
    private int size;
    /** Bit {@code hashCode() & 63} of every name in {@code names[0, size)}: most names looked up and absent are ruled out by it. */
    private long present;
    /** Names a parser or formatter set on this entry: a later parser leaves them alone, as in Loki. */
    private String[] extracted = new String[16];
    private int extractedSize;
    /** Bit {@code hashCode() & 63} of every name in {@code extracted[0, extractedSize)}. */
    private long extractedPresent;
    private boolean changed;
    private String error;
    private String errorDetails;
    private final Labels.Builder builder = Labels.builder();
    /** The labels {@link #reset} last started an entry with, for the next entry of the same stream and metadata. */
    private Labels startStream;
    private Labels startMetadata;
    private int startSize;
    private long startPresent;
    private String[] startNames = new String[16];
    private String[] startValues = new String[16];
    private byte[] startCategories = new byte[16];
    private String startError;
    private String startErrorDetails;
    /** Whether {@code names}, {@code values} and {@code categories} still hold the start in {@code [0, startSize)}. */
    private boolean startIntact;
    /**
     * {@link #parsedName}'s answers for entries of {@code memoStream} and {@code memoMetadata},
     * which depend on those alone while the labels they started with are intact; found by the
     * name's identity, as stages ask with the names compiled or interned into them.
     */
    private Labels memoStream;
    private Labels memoMetadata;
    private final String[] memoNames = new String[16];
    private final String[] memoAnswers = new String[16];
    private int memoSize;

    /** Starts a new entry; {@code merged} is {@code stream} with {@code metadata} applied over it. */
    void reset(Labels stream, Labels metadata, Labels merged) {
        this.stream = stream;
        this.merged = merged;
        extractedSize = 0;
        extractedPresent = 0;
        changed = false;
        if (stream == startStream && metadata == startMetadata) {
            // The next entry of the same stream and metadata (labels are immutable) starts the same:
            // when the last entry only added labels after the start, dropping them is enough.
            error = startError;
            errorDetails = startErrorDetails;
            present = startPresent;
            if (startIntact) {
                size = startSize;
                return;
            }
            startIntact = true;
            size = startSize;
            System.arraycopy(startNames, 0, names, 0, size);
            System.arraycopy(startValues, 0, values, 0, size);
            System.arraycopy(startCategories, 0, categories, 0, size);
            return;
        }
        size = 0;
        present = 0;
        error = null;
        errorDetails = null;
        for (int i = 0; i < stream.size(); i++) {
            // An entry that arrives with an error (a conversion failure after unwrap, run through
            // the filters that follow it) keeps it where the stages look for it.
            if (stream.name(i).equals(ERROR)) {
                error = stream.value(i);
            } else if (stream.name(i).equals(ERROR_DETAILS)) {
                errorDetails = stream.value(i);
            } else {
                append(stream.name(i), stream.value(i), STREAM);
            }
        }
        for (int i = 0; i < metadata.size(); i++) {
            int at = indexOf(metadata.name(i));
            if (at >= 0) {
                values[at] = metadata.value(i);
                categories[at] = METADATA;
            } else {
                append(metadata.name(i), metadata.value(i), METADATA);
            }
        }
        startStream = stream;
        startMetadata = metadata;
        startSize = size;
        startPresent = present;
        if (startNames.length < size) {
            startNames = new String[names.length];
            startValues = new String[names.length];
            startCategories = new byte[names.length];
        }
        System.arraycopy(names, 0, startNames, 0, size);
        System.arraycopy(values, 0, startValues, 0, size);
        System.arraycopy(categories, 0, startCategories, 0, size);
        startError = error;
        startErrorDetails = errorDetails;
        startIntact = true;
    }

    /** The label's value, or null when absent; {@code __error__} and {@code __error_details__} included. */
    String get(String name) {
        if (name.equals(ERROR)) {
            return error;
        }
        if (name.equals(ERROR_DETAILS)) {
            return errorDetails;
        }
        int at = indexOf(name);
        return at < 0 ? null : valueAt(at);
    }

    /** As {@link #get}, with {@code ""} for an absent label (how matchers see it). */
    String valueOrEmpty(String name) {
        String v = get(name);
        return v == null ? "" : v;
    }

    /**
     * The name a parser gives a label it found under {@code name}: {@code name_extracted} when the
     * stream or the entry's metadata has {@code name}, else {@code name}.
     */
    String parsedName(String name) {
        if (!startIntact) {
            return clashName(name);
        }
        if (memoStream != startStream || memoMetadata != startMetadata) {
            memoStream = startStream;
            memoMetadata = startMetadata;
            memoSize = 0;
        }
        for (int i = 0; i < memoSize; i++) {
            if (memoNames[i] == name) {
                return memoAnswers[i];
            }
        }
        String answer = clashName(name);
        if (memoSize < memoNames.length) {
            memoNames[memoSize] = name;
            memoAnswers[memoSize++] = answer;
        }
        return answer;
    }

    private String clashName(String name) {
        if (stream.has(name)) {
            return name + EXTRACTED_SUFFIX;
        }
        int at = indexOf(name);
        return at >= 0 && categories[at] == METADATA ? name + EXTRACTED_SUFFIX : name;
    }

    /** Whether a parser or formatter already set {@code name} on this entry. */
    boolean isExtracted(String name) {
        if ((extractedPresent & (1L << name.hashCode())) == 0) {
            return false;
        }
        for (int i = 0; i < extractedSize; i++) {
            if (extracted[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Sets a label found by a parser or written by a formatter; it replaces any stream or metadata value. */
    void setParsed(String name, String value) {
        if (name.equals(ERROR)) {
            error = value.isEmpty() ? null : value;
            return;
        }
        if (name.equals(ERROR_DETAILS)) {
            errorDetails = value.isEmpty() ? null : value;
            return;
        }
        setParsedAt(name, value);
    }

    /** Sets a parsed label other than the error labels; returns its slot. */
    private int setParsedAt(String name, String value) {
        changed = true;
        int at = indexOf(name);
        if (at >= 0) {
            startIntact &= at >= startSize;
            values[at] = value;
            categories[at] = PARSED;
        } else {
            at = size;
            append(name, value, PARSED);
        }
        if (!isExtracted(name)) {
            if (extractedSize == extracted.length) {
                extracted = Arrays.copyOf(extracted, extractedSize * 2);
            }
            extracted[extractedSize++] = name;
            extractedPresent |= 1L << name.hashCode();
        }
        return at;
    }

    /**
     * As {@link #setParsed} with the value {@code line[from, to)}, kept as that slice until a
     * String is asked for: a filter that reads it in place ({@link #valueEquals},
     * {@link #slot}) spares the String for lines it drops.
     */
    void setParsedSlice(String name, String line, int from, int to) {
        if (name.equals(ERROR) || name.equals(ERROR_DETAILS)) {
            setParsed(name, line.substring(from, to));
            return;
        }
        setSlice(name, line, from, to, false);
    }

    /**
     * As {@link #setParsedSlice} for a value that is the UTF-8 bytes {@code text[from, to)},
     * {@code text} viewing a stored line's bytes as Latin-1; the value is decoded from UTF-8 only
     * when a String is asked for.
     */
    void setParsedByteSlice(String name, String text, int from, int to) {
        if (name.equals(ERROR) || name.equals(ERROR_DETAILS)) {
            setParsed(name, decodeBytes(text, from, to));
            return;
        }
        setSlice(name, text, from, to, true);
    }

    private void setSlice(String name, String line, int from, int to, boolean bytes) {
        int at = setParsedAt(name, null);
        sliceLines[at] = line;
        sliceFrom[at] = from;
        sliceTo[at] = to;
        sliceBytes[at] = bytes;
    }

    /** The String of the UTF-8 bytes that {@code text[from, to)} views as Latin-1. */
    private static String decodeBytes(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) >= 0x80) {
                return new String(text.substring(from, to).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return text.substring(from, to);
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the label {@code name} is, for reading it in place ({@link #isSlice}, {@link #valueAt});
     * -1 when absent or when it is {@code __error__} or {@code __error_details__} (ask {@link #get}).
     */
    int slot(String name) {
        return name.equals(ERROR) || name.equals(ERROR_DETAILS) ? -1 : indexOf(name);
    }

    /**
     * As {@link #slot}, trying {@code hint} first: a caller that asks for the same names line
     * after line passes the slot it got last time, and entries of a stream mostly lay their
     * labels out the same way.
     */
    int slot(String name, int hint) {
        return hint >= 0 && hint < size && names[hint] == name ? hint : slot(name);
    }

    /**
     * Whether the value at {@code at} is still a slice of a line, {@link #sliceLine}{@code [}{@link #sliceFrom}, {@link #sliceTo}{@code )}:
     * the line's chars, or a stored line's UTF-8 bytes viewed as Latin-1, where ASCII reads the
     * same and anything else must be read through {@link #valueAt}.
     */
    boolean isSlice(int at) {
        return values[at] == null;
    }

    String sliceLine(int at) {
        return sliceLines[at];
    }

    int sliceFrom(int at) {
        return sliceFrom[at];
    }

    int sliceTo(int at) {
        return sliceTo[at];
    }

    /** The value at {@code at}, made a String (once) when it is a slice. */
    String valueAt(int at) {
        String v = values[at];
        if (v == null) {
            v = sliceBytes[at] ? decodeBytes(sliceLines[at], sliceFrom[at], sliceTo[at]) : sliceLines[at].substring(sliceFrom[at], sliceTo[at]);
            values[at] = v;
            sliceLines[at] = null;
        }
        return v;
    }

    /**
     * Whether {@link #valueOrEmpty}{@code (name)} equals {@code expected}, compared in place when
     * the value is a slice; {@code expectedAscii} says whether {@code expected} is all ASCII
     * (callers compare against the same values line after line, so they work it out once).
     */
    boolean valueEquals(String name, String expected, boolean expectedAscii) {
        int at = slot(name);
        return at < 0 ? valueOrEmpty(name).equals(expected) : valueEqualsAt(at, expected, expectedAscii);
    }

    /** As {@link #valueEquals} for the label at slot {@code at} ({@link #slot}). */
    boolean valueEqualsAt(int at, String expected, boolean expectedAscii) {
        if (values[at] != null) {
            return values[at].equals(expected);
        }
        int from = sliceFrom[at];
        int length = sliceTo[at] - from;
        boolean same = length == expected.length() && sliceLines[at].regionMatches(from, expected, 0, length);
        if (!sliceBytes[at]) {
            return same;
        }
        // Bytes equal to an ASCII value are that value; bytes read as Latin-1 that equal a value
        // with other chars are not (UTF-8 spells those chars in more bytes, or the bytes are not
        // UTF-8). A value with other chars may still be what the bytes decode to.
        if (same) {
            return expectedAscii;
        }
        return !expectedAscii && valueAt(at).equals(expected);
    }

    /**
     * A cheap hash ({@link #quickHash}) of the value at slot {@code at} ({@link #slot}), computed
     * in place when it is a slice: lines are grouped by values without making Strings of them.
     */
    int valueHashAt(int at) {
        String v = values[at];
        return v != null ? quickHash(v, 0, v.length()) : quickHash(sliceLines[at], sliceFrom[at], sliceTo[at]);
    }

    static int quickHash(String value) {
        return quickHash(value, 0, value.length());
    }

    /**
     * A hash of {@code s[from, to)} from its length and at most four chars at each end: cheap
     * enough for every line, and equal for equal text. A slice of a stored line's bytes hashes as
     * its String only when ASCII; callers compare values after a hash matches, so the other case
     * costs a lookup, never a wrong answer.
     */
    static int quickHash(String s, int from, int to) {
        int n = to - from;
        int h = n;
        int head = Math.min(n, 4);
        for (int i = 0; i < head; i++) {
            h = 31 * h + s.charAt(from + i);
        }
        for (int i = Math.max(head, n - 4); i < n; i++) {
            h = 31 * h + s.charAt(from + i);
        }
        return h;
    }

    /** Sets a parser's label unless an earlier stage set it: the first value found wins. */
    void setParsedIfNew(String name, String value) {
        if (!isExtracted(name)) {
            setParsed(name, value);
        }
    }

    void remove(String name) {
        if (name.equals(ERROR)) {
            error = null;
            return;
        }
        if (name.equals(ERROR_DETAILS)) {
            errorDetails = null;
            return;
        }
        int at = indexOf(name);
        if (at >= 0) {
            changed = true;
            startIntact &= at >= startSize;
            size--;
            System.arraycopy(names, at + 1, names, at, size - at);
            System.arraycopy(values, at + 1, values, at, size - at);
            System.arraycopy(categories, at + 1, categories, at, size - at);
            System.arraycopy(sliceLines, at + 1, sliceLines, at, size - at);
            System.arraycopy(sliceFrom, at + 1, sliceFrom, at, size - at);
            System.arraycopy(sliceTo, at + 1, sliceTo, at, size - at);
            System.arraycopy(sliceBytes, at + 1, sliceBytes, at, size - at);
            present = 0;
            for (int i = 0; i < size; i++) {
                present |= 1L << names[i].hashCode();
            }
        }
    }

    /** Sets the error label (and its details when not null), replacing an earlier error. */
    void setError(String error, String details) {
        this.error = error;
        if (details != null) {
            this.errorDetails = details;
        }
    }

    boolean hasError() {
        return error != null;
    }

    int size() {
        return size;
    }

    String name(int i) {
        return names[i];
    }

    String value(int i) {
        return valueAt(i);
    }

    /** The labels now, errors included, without empty values. */
    Labels build() {
        if (!changed && error == null && errorDetails == null) {
            return merged;
        }
        builder.reset(Labels.empty());
        for (int i = 0; i < size; i++) {
            builder.set(names[i], valueAt(i));
        }
        if (error != null) {
            builder.set(ERROR, error);
        }
        if (errorDetails != null) {
            builder.set(ERROR_DETAILS, errorDetails);
        }
        return builder.build();
    }

    private int indexOf(String name) {
        if ((present & (1L << name.hashCode())) == 0) {
            return -1;
        }
        // Stages look labels up by the names compiled into them, interned, and mostly find the
        // very instance they set: an identity pass first spares comparing characters.
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private void append(String name, String value, byte category) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
            categories = Arrays.copyOf(categories, size * 2);
            sliceLines = Arrays.copyOf(sliceLines, size * 2);
            sliceFrom = Arrays.copyOf(sliceFrom, size * 2);
            sliceTo = Arrays.copyOf(sliceTo, size * 2);
            sliceBytes = Arrays.copyOf(sliceBytes, size * 2);
        }
        names[size] = name;
        values[size] = value;
        categories[size++] = category;
        present |= 1L << name.hashCode();
    }
}
