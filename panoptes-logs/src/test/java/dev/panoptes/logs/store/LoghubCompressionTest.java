package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panoptes.core.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chunk encoding on real logs: the loghub samples in {@code ../shared/datasets/loghub} (2000
 * lines of each of eleven systems), each file one stream and one chunk, read once and not
 * repeated, so that compression cannot profit from duplicated text. Skipped where the shared
 * folder is absent.
 */
class LoghubCompressionTest {

    @Test
    void realLogsCompressAtLeastTenToOneAndReadBackUnchanged() throws Exception {
        Path dir = Path.of(System.getProperty("panoptes.shared.dir", "../shared"), "datasets", "loghub");
        assumeTrue(Files.isDirectory(dir), "loghub samples not found in " + dir.toAbsolutePath());
        long raw = 0;
        long encoded = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
            for (Path file : files) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                EntryBuffer head = new EntryBuffer(lines.size());
                for (int i = 0; i < lines.size(); i++) {
                    head.add(1_700_000_000_000_000_000L + i * 1_000_000L, lines.get(i), Labels.empty());
                }
                LogChunk chunk = LogChunk.decode(LogChunk.encode(head.timesArray(), head.linesArray(), head.metadataArray(), head.size()).bytes());
                raw += chunk.lineBytes();
                encoded += chunk.encodedBytes();
                EntryBuffer back = new EntryBuffer(lines.size());
                chunk.read(Long.MIN_VALUE, Long.MAX_VALUE, back);
                assertThat(back.size()).isEqualTo(lines.size());
                for (int i = 0; i < lines.size(); i++) {
                    assertThat(back.line(i)).isEqualTo(lines.get(i));
                }
            }
        }
        assumeTrue(raw > 0, "no .log files in " + dir);
        assertThat((double) raw / encoded).as("%d bytes of lines encoded in %d", raw, encoded).isGreaterThanOrEqualTo(10.0);
    }
}
