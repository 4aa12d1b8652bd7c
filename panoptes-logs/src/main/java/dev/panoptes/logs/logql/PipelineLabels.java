package dev.panoptes.logs.logql;

import dev.panoptes.core.labels.Labels;
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
    private byte[] categories = new byte[16];
    private int size;
    /** Names a parser or formatter set on this entry: a later parser leaves them alone, as in Loki. */
    private String[] extracted = new String[16];
    private int extractedSize;
    private boolean changed;
    private String error;
    private String errorDetails;
    private final Labels.Builder builder = Labels.builder();
    /** The labels {@link #reset} last started an entry with, for the next entry of the same stream and metadata. */
    private Labels startStream;
    private Labels startMetadata;
    private int startSize;
    private String[] startNames = new String[16];
    private String[] startValues = new String[16];
    private byte[] startCategories = new byte[16];
    private String startError;
    private String startErrorDetails;
    /** Whether {@code names}, {@code values} and {@code categories} still hold the start in {@code [0, startSize)}. */
    private boolean startIntact;

    /** Starts a new entry; {@code merged} is {@code stream} with {@code metadata} applied over it. */
    void reset(Labels stream, Labels metadata, Labels merged) {
        this.stream = stream;
        this.merged = merged;
        extractedSize = 0;
        changed = false;
        if (stream == startStream && metadata == startMetadata) {
            // The next entry of the same stream and metadata (labels are immutable) starts the same:
            // when the last entry only added labels after the start, dropping them is enough.
            error = startError;
            errorDetails = startErrorDetails;
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
        if (stream.has(name)) {
            return name + EXTRACTED_SUFFIX;
        }
        int at = indexOf(name);
        return at >= 0 && categories[at] == METADATA ? name + EXTRACTED_SUFFIX : name;
    }

    /** Whether a parser or formatter already set {@code name} on this entry. */
    boolean isExtracted(String name) {
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
        changed = true;
        int at = indexOf(name);
        if (at >= 0) {
            startIntact &= at >= startSize;
            values[at] = value;
            categories[at] = PARSED;
        } else {
            append(name, value, PARSED);
        }
        if (!isExtracted(name)) {
            if (extractedSize == extracted.length) {
                extracted = Arrays.copyOf(extracted, extractedSize * 2);
            }
            extracted[extractedSize++] = name;
        }
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
        setParsed(name, "");
        int at = indexOf(name);
        values[at] = null;
        sliceLines[at] = line;
        sliceFrom[at] = from;
        sliceTo[at] = to;
    }

    /**
     * Where the label {@code name} is, for reading it in place ({@link #isSlice}, {@link #valueAt});
     * -1 when absent or when it is {@code __error__} or {@code __error_details__} (ask {@link #get}).
     */
    int slot(String name) {
        return name.equals(ERROR) || name.equals(ERROR_DETAILS) ? -1 : indexOf(name);
    }

    /** Whether the value at {@code at} is still a slice of a line, {@link #sliceLine}{@code [}{@link #sliceFrom}, {@link #sliceTo}{@code )}. */
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
            v = sliceLines[at].substring(sliceFrom[at], sliceTo[at]);
            values[at] = v;
            sliceLines[at] = null;
        }
        return v;
    }

    /** Whether {@link #valueOrEmpty}{@code (name)} equals {@code expected}, compared in place when the value is a slice. */
    boolean valueEquals(String name, String expected) {
        int at = slot(name);
        if (at < 0) {
            return valueOrEmpty(name).equals(expected);
        }
        if (values[at] != null) {
            return values[at].equals(expected);
        }
        int from = sliceFrom[at];
        int length = sliceTo[at] - from;
        return length == expected.length() && sliceLines[at].regionMatches(from, expected, 0, length);
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
        }
        names[size] = name;
        values[size] = value;
        categories[size++] = category;
    }
}
