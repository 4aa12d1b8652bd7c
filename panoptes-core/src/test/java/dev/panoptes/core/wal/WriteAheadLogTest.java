package dev.panoptes.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.codec.DecodeBuffer;
import dev.panoptes.core.codec.EncodeBuffer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private static final WalOptions SMALL_SEGMENTS = new WalOptions(WalSync.ALWAYS, Duration.ofSeconds(1), 64 * 1024);

    private static void write(WriteAheadLog wal, long... values) throws IOException {
        EncodeBuffer buf = new EncodeBuffer(64);
        for (long v : values) {
            int start = WalRecords.begin(buf);
            buf.putVarint(v).putString("record " + v);
            WalRecords.end(buf, start);
        }
        wal.write(buf);
    }

    private List<Long> replay() throws IOException {
        return replay(new ArrayList<>());
    }

    private List<Long> replay(List<String> problems) throws IOException {
        List<Long> values = new ArrayList<>();
        WalReader.Report report = WalReader.replay(dir, (buf, offset, length) -> {
            DecodeBuffer dec = new DecodeBuffer(buf, offset, length);
            long v = dec.getVarint();
            assertThat(dec.getString()).isEqualTo("record " + v);
            values.add(v);
        });
        problems.addAll(report.problems());
        assertThat(report.records()).isEqualTo(values.size());
        return values;
    }

    @Test
    void recordsReplayInOrderAcrossSegmentsAndReopens() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
            for (long i = 0; i < 10000; i++) {
                write(wal, i);
            }
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
            write(wal, 10000, 10001);
        }
        List<Long> values = replay();
        assertThat(values).hasSize(10002);
        for (int i = 0; i < values.size(); i++) {
            assertThat(values.get(i)).isEqualTo(i);
        }
        assertThat(WalFiles.segments(dir).size()).isGreaterThan(2);
    }

    @Test
    void aTornTailIsCutWithAWarningAndWritingGoesOn() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
            write(wal, 1, 2, 3);
        }
        Path segment = WalFiles.segment(dir, 0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 3);
        }
        List<String> problems = new ArrayList<>();
        assertThat(replay(problems)).containsExactly(1L, 2L);
        assertThat(problems).singleElement().asString().contains("cut short").contains("truncated");
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
            write(wal, 4);
        }
        problems.clear();
        assertThat(replay(problems)).containsExactly(1L, 2L, 4L);
        assertThat(problems).isEmpty();
    }

    @Test
    void aFlippedByteInAnEarlierSegmentLosesOnlyTheRestOfThatSegment() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
            write(wal, 1, 2, 3);
            wal.cutSegment();
            write(wal, 4, 5);
        }
        Path first = WalFiles.segment(dir, 0);
        byte[] bytes = Files.readAllBytes(first);
        int header = WalRecords.SEGMENT_HEADER.length;
        int recordLength = (bytes.length - header) / 3;
        int secondRecordPayload = header + recordLength + WalRecords.HEADER_BYTES + 2;
        bytes[secondRecordPayload] ^= 0x40;
        Files.write(first, bytes);
        List<String> problems = new ArrayList<>();
        assertThat(replay(problems)).containsExactly(1L, 4L, 5L);
        assertThat(problems).singleElement().asString().contains("checksum").contains("skipped");
    }

    @Test
    void aCheckpointKeepsWhatTheFilterKeepsAndReplacesTheSegmentsItCovers() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
            for (long i = 0; i < 10; i++) {
                write(wal, i);
            }
            int closed = wal.cutSegment();
            write(wal, 10, 11);
            wal.checkpoint(closed, (buf, offset, length, out) -> {
                long v = new DecodeBuffer(buf, offset, length).getVarint();
                if (v % 2 == 0) {
                    int start = WalRecords.begin(out);
                    out.putBytes(buf, offset, length);
                    WalRecords.end(out, start);
                }
            });
            assertThat(WalFiles.segments(dir)).containsExactly(1);
            // A second checkpoint folds the first.
            int next = wal.cutSegment();
            write(wal, 12);
            wal.checkpoint(next, (buf, offset, length, out) -> {
                long v = new DecodeBuffer(buf, offset, length).getVarint();
                if (v != 4) {
                    int start = WalRecords.begin(out);
                    out.putBytes(buf, offset, length);
                    WalRecords.end(out, start);
                }
            });
            assertThat(WalFiles.checkpoints(dir)).containsExactly(1);
        }
        assertThat(replay()).containsExactly(0L, 2L, 6L, 8L, 10L, 11L, 12L);
    }

    @Test
    void aSegmentOfAnotherFormatIsSkippedWholeAndReported() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, WalOptions.defaults())) {
            write(wal, 1);
            wal.cutSegment();
            write(wal, 2);
        }
        Path first = WalFiles.segment(dir, 0);
        byte[] bytes = Files.readAllBytes(first);
        bytes[4] = 9;
        Files.write(first, bytes);
        List<String> problems = new ArrayList<>();
        assertThat(replay(problems)).containsExactly(2L);
        assertThat(problems).singleElement().asString().contains("version 9 is not supported");
    }

    @Test
    void concurrentWritersAllLandWhole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, SMALL_SEGMENTS)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                long base = w * 1000L;
                futures.add(pool.submit(() -> {
                    for (long i = 0; i < 200; i++) {
                        write(wal, base + i, base + i + 500);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Long> values = replay();
        assertThat(values).hasSize(1600);
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        assertThat(sorted).doesNotHaveDuplicates();
        // Each batch of two records is contiguous.
        for (int i = 0; i < values.size(); i += 2) {
            assertThat(values.get(i + 1)).isEqualTo(values.get(i) + 500);
        }
    }
}
