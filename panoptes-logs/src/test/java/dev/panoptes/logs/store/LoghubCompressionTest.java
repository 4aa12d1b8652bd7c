package dev.panoptes.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.labels.Labels;
import dev.panoptes.core.objstore.ObjectInfo;
import dev.panoptes.core.objstore.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored size of real logs: the loghub samples in {@code ../shared/datasets/loghub} (2000
 * lines of each of ten systems), each file one stream, pushed once and not repeated so that
 * compression cannot profit from duplicated text, flushed into a block whose every object counts
 * (chunks, blooms, index, meta.json). Skipped where the shared folder is absent.
 */
class LoghubCompressionTest {

    @TempDir
    Path dir;

    @Test
    void realLogsTakeAtMostATenthOfTheirSizeWithBloomsAndIndexAndReadBackUnchanged() throws Exception {
        Path corpus = Path.of(System.getProperty("panoptes.shared.dir", "../shared"), "datasets", "loghub");
        assumeTrue(Files.isDirectory(corpus), "loghub samples not found in " + corpus.toAbsolutePath());
        Map<String, List<String>> files = new TreeMap<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(corpus, "*.log")) {
            for (Path file : list) {
                files.put(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        assumeTrue(!files.isEmpty(), "no .log files in " + corpus);
        ObjectStore objects = TestObjects.in(dir);
        long raw = 0;
        try (TenantLogStore store = TenantLogStore.open(dir, TenantLogStoreTest.settings(1 << 20, 0), objects, "logs/t/blocks/")) {
            for (Map.Entry<String, List<String>> file : files.entrySet()) {
                LogBatch batch = new LogBatch();
                batch.stream(Labels.of("system", file.getKey()));
                List<String> lines = file.getValue();
                for (int i = 0; i < lines.size(); i++) {
                    batch.entry(1_700_000_000_000_000_000L + i * 1_000_000L, lines.get(i), Labels.empty());
                    raw += lines.get(i).getBytes(StandardCharsets.UTF_8).length;
                }
                store.append(batch);
            }
            assertThat(store.flush()).isNotNull();
            for (Map.Entry<String, List<String>> file : files.entrySet()) {
                List<String> back = new ArrayList<>();
                for (LogReader.StreamEntries s : store.select(List.of(LabelMatcher.equal("system", file.getKey())), Long.MIN_VALUE, Long.MAX_VALUE)) {
                    for (int i = 0; i < s.entries().size(); i++) {
                        back.add(s.entries().line(i));
                    }
                }
                assertThat(back).as(file.getKey()).isEqualTo(file.getValue());
            }
        }
        Map<String, Long> byObject = new TreeMap<>();
        long stored = 0;
        for (ObjectInfo info : objects.list("logs/t/blocks/")) {
            byObject.merge(info.key().substring(info.key().lastIndexOf('/') + 1), info.size(), Long::sum);
            stored += info.size();
        }
        System.out.printf("loghub: %d bytes of lines stored in %d bytes %s, %.2f:1%n", raw, stored, byObject, (double) raw / stored);
        assertThat((double) raw / stored).as("%d bytes of lines stored in %d (%s)", raw, stored, byObject).isGreaterThanOrEqualTo(10.0);
    }
}
