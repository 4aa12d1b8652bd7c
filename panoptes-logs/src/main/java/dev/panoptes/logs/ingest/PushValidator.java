package dev.panoptes.logs.ingest;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.store.LogBatch;
import dev.panoptes.logs.store.Utf8Length;
import dev.panoptes.wire.loki.LokiPushSink;
import dev.panoptes.wire.loki.ServiceNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks each decoded stream and entry against the tenant's limits, as Loki's distributor does,
 * gives a stream without {@code service_name} one ({@code discover_service_name}), each entry
 * that passes its {@code detected_level} ({@link LevelDiscovery}, unless
 * {@code discover_log_levels} is off) and collects them into a {@link LogBatch}. A refusal
 * drops that stream or entry only and keeps Loki's message for the response (the first few of
 * them).
 *
 * <p>Not thread-safe: one per request.
 */
final class PushValidator implements LokiPushSink {

    static final int MAX_MESSAGES = 10;

    private final LogLimits limits;
    private final long oldestNanos;
    private final long newestNanos;
    private final LogBatch batch = new LogBatch();
    /** Null when {@code discover_log_levels} is off. */
    private final LevelDiscovery levels;
    private final List<String> serviceNames;
    private final List<String> messages = new ArrayList<>();
    private Labels stream;
    private boolean streamValid;
    private int refused;
    private long refusedBytes;
    private int truncated;
    private long metadataBytes;

    /**
     * @param serviceNames the labels a stream without {@code service_name} takes it from (Loki
     *     pushes: the tenant's {@code discover_service_name}; empty where the sender's mapping
     *     already decided, as OTLP's does)
     */
    PushValidator(LogLimits limits, long nowNanos, List<String> serviceNames) {
        this.limits = limits;
        this.serviceNames = serviceNames;
        this.oldestNanos = limits.rejectOldSamples() ? nowNanos - limits.rejectOldSamplesMaxAge().toNanos() : Long.MIN_VALUE;
        this.newestNanos = nowNanos + limits.creationGracePeriod().toNanos();
        this.levels = limits.levelDiscovery();
    }

    @Override
    public void stream(Labels labels) {
        labels = withServiceName(labels);
        stream = labels;
        String problem = problemWith(labels);
        streamValid = problem == null;
        if (streamValid) {
            batch.stream(labels);
        } else {
            message(problem);
        }
    }

    /** The stream with the {@code service_name} Loki's {@code discover_service_name} gives one that has none. */
    private Labels withServiceName(Labels labels) {
        if (serviceNames.isEmpty() || labels.has(ServiceNames.LABEL) || labels.isEmpty()) {
            return labels;
        }
        return labels.toBuilder().set(ServiceNames.LABEL, ServiceNames.discover(labels, serviceNames)).build();
    }

    private String problemWith(Labels labels) {
        if (limits.maxLabelNamesPerSeries() > 0 && labels.size() > limits.maxLabelNamesPerSeries()) {
            return "entry for stream '" + labels + "' has " + labels.size() + " label names; limit " + limits.maxLabelNamesPerSeries();
        }
        for (int i = 0; i < labels.size(); i++) {
            if (limits.maxLabelNameLength() > 0 && labels.name(i).length() > limits.maxLabelNameLength()) {
                return "stream '" + labels + "' has label name too long: '" + labels.name(i) + "'";
            }
            if (limits.maxLabelValueLength() > 0 && labels.value(i).length() > limits.maxLabelValueLength()) {
                return "stream '" + labels + "' has label value too long: '" + labels.value(i) + "'";
            }
        }
        return null;
    }

    @Override
    public void entry(long timestampNanos, String line, Labels structuredMetadata) {
        if (!streamValid) {
            refuse(line);
            return;
        }
        if (timestampNanos < oldestNanos) {
            refuse(line);
            message("entry for stream '" + stream + "' has timestamp too old: " + instant(timestampNanos)
                    + ", oldest acceptable timestamp is: " + instant(oldestNanos));
            return;
        }
        if (timestampNanos > newestNanos) {
            refuse(line);
            message("entry for stream '" + stream + "' has timestamp too new: " + instant(timestampNanos));
            return;
        }
        long max = limits.maxLineSize().bytes();
        if (max > 0 && line.length() > max / 4) {
            int bytes = Utf8Length.of(line);
            if (bytes > max) {
                if (!limits.maxLineSizeTruncate()) {
                    refuse(line);
                    message("max entry size '" + max + "' bytes exceeded for stream '" + stream + "' while adding an entry with length '"
                            + bytes + "' bytes");
                    return;
                }
                line = truncate(line, (int) Math.min(Integer.MAX_VALUE, max));
                truncated++;
            }
        }
        // The rate counts what was sent, not the level added to it.
        for (int i = 0; i < structuredMetadata.size(); i++) {
            metadataBytes += Utf8Length.of(structuredMetadata.name(i)) + Utf8Length.of(structuredMetadata.value(i));
        }
        if (levels != null) {
            structuredMetadata = levels.withLevel(stream, structuredMetadata, line);
        }
        batch.entry(timestampNanos, line, structuredMetadata);
    }

    @Override
    public void rejectStream(String reason, int entries, long lineBytes) {
        refused += entries;
        refusedBytes += lineBytes;
        message(reason);
    }

    private void refuse(String line) {
        refused++;
        refusedBytes += Utf8Length.of(line);
    }

    private void message(String text) {
        if (messages.size() < MAX_MESSAGES) {
            messages.add(text);
        } else if (messages.size() == MAX_MESSAGES) {
            messages.add("(further refusals not listed)");
        }
    }

    /** The longest prefix of {@code line} whose UTF-8 form fits {@code maxBytes}, never splitting a character. */
    static String truncate(String line, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < line.length()) {
            int cp = line.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return line.substring(0, i);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    LogBatch batch() {
        return batch;
    }

    /** Loki's messages for what was refused, first ones first. */
    List<String> messages() {
        return messages;
    }

    int refusedEntries() {
        return refused;
    }

    long refusedBytes() {
        return refusedBytes;
    }

    /** The bytes the rate limit counts: accepted lines and their structured metadata. */
    long acceptedBytes() {
        return batch.lineBytes() + metadataBytes;
    }

    int truncatedLines() {
        return truncated;
    }
}
