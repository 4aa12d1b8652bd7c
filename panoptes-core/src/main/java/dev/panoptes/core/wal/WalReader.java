package dev.panoptes.core.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a log directory: the newest checkpoint, then every segment after it, record by record,
 * in order. A record that is cut short or fails its checksum ends its segment: in the last
 * segment the file is truncated there (a torn write from a crash); in an earlier one the rest of
 * that segment is skipped and replay goes on with the next. Both are reported, never thrown, so
 * that a damaged log cannot keep the store from starting.
 */
public final class WalReader {

    private static final Logger LOG = LoggerFactory.getLogger(WalReader.class);

    private WalReader() {
    }

    /** Receives each record's payload; the array is reused after the call returns. */
    @FunctionalInterface
    public interface RecordHandler {
        void record(byte[] buf, int offset, int length) throws IOException;
    }

    /**
     * What a replay read and what it could not.
     *
     * @param records records handed to the handler
     * @param problems one line per damaged place (file, offset, what was dropped)
     */
    public record Report(long records, List<String> problems) {
    }

    /** Replays {@code dir} (which may not exist yet) into {@code handler}. */
    public static Report replay(Path dir, RecordHandler handler) throws IOException {
        List<String> problems = new ArrayList<>();
        long records = 0;
        int checkpoint = WalFiles.latestCheckpoint(dir);
        if (checkpoint >= 0) {
            Path checkpointDir = WalFiles.checkpoint(dir, checkpoint);
            for (int n : WalFiles.segments(checkpointDir)) {
                // A checkpoint is written completely before it is renamed into place, so damage
                // here is damage of the disk: skip what cannot be read, never truncate.
                records += readSegment(WalFiles.segment(checkpointDir, n), false, handler, problems);
            }
        }
        List<Integer> segments = WalFiles.segments(dir);
        for (int i = 0; i < segments.size(); i++) {
            int n = segments.get(i);
            if (n <= checkpoint) {
                // Left behind by a checkpoint interrupted before it deleted what it covers.
                Files.deleteIfExists(WalFiles.segment(dir, n));
                continue;
            }
            records += readSegment(WalFiles.segment(dir, n), i == segments.size() - 1, handler, problems);
        }
        for (String problem : problems) {
            LOG.warn("write-ahead log damaged: {}", problem);
        }
        return new Report(records, List.copyOf(problems));
    }

    static long readSegment(Path file, boolean last, RecordHandler handler, List<String> problems) throws IOException {
        long records = 0;
        long size = Files.size(file);
        if (size == 0) {
            return 0;
        }
        byte[] payload = new byte[4096];
        CRC32C crc = new CRC32C();
        long offset = WalRecords.SEGMENT_HEADER.length;
        String damage = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            String headerProblem = headerProblem(map, size);
            if (headerProblem != null) {
                if (last && size < WalRecords.SEGMENT_HEADER.length && allZeroOrPrefix(map, size)) {
                    // Created, then the process died before the header reached the disk.
                    offset = 0;
                } else {
                    problems.add(file + ": " + headerProblem + "; skipped the whole segment (" + size + " bytes)");
                    return 0;
                }
            }
            while (offset < size) {
                if (size - offset < WalRecords.HEADER_BYTES) {
                    damage = "a record header cut short";
                    break;
                }
                int length = map.getInt((int) offset);
                int checksum = map.getInt((int) offset + 4);
                if (length == 0 && checksum == 0 && allZero(map, offset, size)) {
                    // Zeroes after the last record: space the file system gave but nothing filled.
                    damage = null;
                    break;
                }
                if (length <= 0 || length > WalRecords.MAX_PAYLOAD) {
                    damage = "an impossible record length " + length;
                    break;
                }
                if (offset + WalRecords.HEADER_BYTES + length > size) {
                    damage = "a record of " + length + " bytes cut short";
                    break;
                }
                if (payload.length < length) {
                    payload = new byte[Math.max(length, payload.length * 2)];
                }
                map.get((int) offset + WalRecords.HEADER_BYTES, payload, 0, length);
                crc.reset();
                crc.update(payload, 0, length);
                if ((int) crc.getValue() != checksum) {
                    damage = "a record failing its checksum";
                    break;
                }
                handler.record(payload, 0, length);
                records++;
                offset += WalRecords.HEADER_BYTES + length;
            }
        }
        if (offset < size) {
            if (damage != null) {
                String action = last ? "truncated the segment there" : "skipped the rest of the segment";
                problems.add(file + " at offset " + offset + ": " + damage + "; " + action + " (" + (size - offset) + " bytes)");
            }
            if (last) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(offset);
                    channel.force(true);
                }
            }
        }
        return records;
    }

    private static String headerProblem(ByteBuffer map, long size) {
        byte[] expected = WalRecords.SEGMENT_HEADER;
        if (size < expected.length) {
            return "shorter than the segment header";
        }
        for (int i = 0; i < 4; i++) {
            if (map.get(i) != expected[i]) {
                return "not a write-ahead log segment (bad magic bytes)";
            }
        }
        if (map.get(4) != expected[4]) {
            return "segment format version " + map.get(4) + " is not supported (this build reads version " + expected[4] + ")";
        }
        return null;
    }

    private static boolean allZeroOrPrefix(ByteBuffer map, long size) {
        for (int i = 0; i < size; i++) {
            if (map.get(i) != 0 && map.get(i) != WalRecords.SEGMENT_HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(ByteBuffer map, long from, long size) {
        for (long i = from; i < size; i++) {
            if (map.get((int) i) != 0) {
                return false;
            }
        }
        return true;
    }
}
