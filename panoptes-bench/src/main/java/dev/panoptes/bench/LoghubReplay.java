package dev.panoptes.bench;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.ingest.LevelDiscovery;
import dev.panoptes.logs.store.LogBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The loghub samples replayed at volume: each system's lines are one stream per host
 * ({@code {system="HDFS", host="host-3"}}), read round and round with timestamps shifted forward
 * at a fixed step per stream, and every run of two or more digits changed from round to round and
 * host to host (same length, so the lines keep their shape), so that repeated rounds do not
 * compress as exact copies. One line carries {@link #needle()}, a token found nowhere else.
 *
 * <p>Not thread-safe.
 */
final class LoghubReplay {

    private final List<String> systems = new ArrayList<>();
    private final List<String[]> lines = new ArrayList<>();
    private final int hosts;
    private final long startNanos;
    private final long stepNanos;
    private final int[] position;
    private final int[] round;
    private final long[] emitted;
    private final String needle;
    private final int needleStream;
    private final long needleAt;

    LoghubReplay(Path corpus, int hosts, long startNanos, long stepNanos, long needleAt) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(corpus, "*.log")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path file : sorted) {
                List<String> read = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (!read.isEmpty()) {
                    systems.add(file.getFileName().toString().replaceFirst("_2k\\.log$", "").replace(".log", ""));
                    lines.add(read.toArray(new String[0]));
                }
            }
        }
        if (systems.isEmpty()) {
            throw new IOException("no .log files in " + corpus);
        }
        this.hosts = hosts;
        this.startNanos = startNanos;
        this.stepNanos = stepNanos;
        int streams = systems.size() * hosts;
        this.position = new int[streams];
        this.round = new int[streams];
        this.emitted = new long[streams];
        this.needle = "needle-" + Long.toHexString(Double.doubleToLongBits(Math.PI) ^ startNanos);
        this.needleStream = streams / 2;
        this.needleAt = needleAt;
    }

    int streams() {
        return position.length;
    }

    Labels labels(int stream) {
        return Labels.of("host", "host-" + stream % hosts, "system", systems.get(stream / hosts));
    }

    String needle() {
        return needle;
    }

    /** The time of the last line handed out, across streams. */
    long lastTime() {
        long max = startNanos;
        for (long n : emitted) {
            max = Math.max(max, startNanos + (n - 1) * stepNanos);
        }
        return max;
    }

    /**
     * Adds the next {@code count} lines of {@code stream} to {@code batch} (as a new stream of it),
     * each with the {@code detected_level} a push gives it when {@code levels} is not null;
     * returns their UTF-8 bytes.
     */
    long fill(LogBatch batch, int stream, int count, LevelDiscovery levels) {
        Labels streamLabels = labels(stream);
        batch.stream(streamLabels);
        String[] source = lines.get(stream / hosts);
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            String line = vary(source[position[stream]], round[stream], stream % hosts);
            // The needle entry holds the token in its line and as its trace_id metadata.
            Labels metadata = Labels.empty();
            if (stream == needleStream && emitted[stream] == needleAt) {
                line = line + " trace=" + needle;
                metadata = Labels.of("trace_id", needle);
            }
            batch.entry(startNanos + emitted[stream] * stepNanos, line, levels == null ? metadata : levels.withLevel(streamLabels, metadata, line));
            bytes += line.getBytes(StandardCharsets.UTF_8).length;
            emitted[stream]++;
            if (++position[stream] == source.length) {
                position[stream] = 0;
                round[stream]++;
            }
        }
        return bytes;
    }

    /** The line with every run of two or more digits shifted by an amount of the round and host, keeping its length. */
    static String vary(String line, int round, int host) {
        if (round == 0 && host == 0) {
            return line;
        }
        char[] chars = line.toCharArray();
        long shift = round * 7919L + host * 104_729L;
        int i = 0;
        while (i < chars.length) {
            if (chars[i] < '0' || chars[i] > '9') {
                i++;
                continue;
            }
            int start = i;
            while (i < chars.length && chars[i] >= '0' && chars[i] <= '9') {
                i++;
            }
            if (i - start >= 2) {
                long carry = shift;
                for (int k = i - 1; k >= start && carry > 0; k--) {
                    long digit = chars[k] - '0' + carry % 10;
                    carry = carry / 10 + digit / 10;
                    chars[k] = (char) ('0' + digit % 10);
                }
            }
        }
        return new String(chars);
    }
}
