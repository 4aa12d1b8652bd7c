package dev.panoptes.wire.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panoptes.core.labels.Labels;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The real one-hour recording in the shared datasets parses whole, with the counts its README states. */
class NodeRecordingParseTest {

    @Test
    void theWholeRecordingParses() throws Exception {
        Path file = Path.of(System.getProperty("panoptes.shared.dir", "../shared"), "datasets", "metrics", "node-recording.om.gz");
        assumeTrue(Files.exists(file), "skipped: " + file + " is absent (the shared datasets folder is not beside the clone)");
        Set<Labels> series = new HashSet<>();
        long[] nan = new long[1];
        try (Reader reader = new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8)) {
            long samples = new TextExpositionParser(ExpositionFormat.OPENMETRICS, (labels, value, t, exemplar) -> {
                series.add(labels);
                if (Double.isNaN(value)) {
                    nan[0]++;
                }
                assertThat(t).isBetween(1_795_474_000_000L, 1_795_479_000_000L);
            }).parse(reader);
            assertThat(samples).isEqualTo(651_953);
        }
        assertThat(series).hasSize(917);
        assertThat(nan[0]).isPositive();
    }
}
