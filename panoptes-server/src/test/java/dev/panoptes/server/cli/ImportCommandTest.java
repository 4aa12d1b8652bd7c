package dev.panoptes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.panoptes.core.labels.LabelMatcher;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.metrics.storage.Querier;
import dev.panoptes.metrics.storage.SampleIterator;
import dev.panoptes.metrics.storage.SelectHints;
import dev.panoptes.metrics.storage.SeriesSet;
import dev.panoptes.metrics.storage.ValueType;
import dev.panoptes.metrics.tsdb.Tsdb;
import dev.panoptes.metrics.tsdb.TsdbSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void importedSamplesAreServedByTheDatabaseInTheirBlocks() throws Exception {
        StringBuilder text = new StringBuilder("# TYPE temperature gauge\n");
        // Three hours of one sample a minute: two 2-hour windows.
        for (int s = 0; s < 2; s++) {
            for (int m = 0; m < 180; m++) {
                text.append("temperature{room=\"r").append(s).append("\"} ").append(20 + m % 7).append(' ').append(m * 60).append(".5\n");
            }
        }
        text.append("# EOF\n");
        Path file = dir.resolve("data.om");
        Files.writeString(file, text);
        Path data = dir.resolve("data");

        assertThat(run("import", "openmetrics", file.toString(), "--data-dir", data.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("imported 360 samples of 4 series into 2 blocks for tenant anonymous");

        try (LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(data.resolve("objects"));
             Tsdb tsdb = Tsdb.open(data.resolve("metrics/anonymous"), store, "metrics/anonymous/blocks/", TsdbSettings.defaults());
             Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(tsdb.blocks()).hasSize(2);
            SeriesSet set = q.select(SelectHints.range(Long.MIN_VALUE, Long.MAX_VALUE), List.of(LabelMatcher.equal("room", "r1")));
            assertThat(set.next()).isTrue();
            SampleIterator it = set.at().iterator(null);
            int n = 0;
            while (it.next() == ValueType.FLOAT) {
                assertThat(it.atT()).isEqualTo(n * 60_000L + 500);
                assertThat(it.atFloat()).isEqualTo(20 + n % 7);
                n++;
            }
            assertThat(n).isEqualTo(180);
        }
    }

    @Test
    void aBadLineIsReportedWithItsNumberAndNothingIsWritten() throws Exception {
        Path file = dir.resolve("bad.om");
        Files.writeString(file, "a 1 1\na 2 2\na{oops 3 3\n# EOF\n");
        Path data = dir.resolve("data");
        assertThat(run("import", "openmetrics", file.toString(), "--data-dir", data.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("line 3").contains("nothing was imported");
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(p -> p.toString().contains("blocks")).toList()).isEmpty();
        }
    }

    @Test
    void samplesOutOfOrderWithinASeriesAreRefused() throws Exception {
        Path file = dir.resolve("ooo.om");
        Files.writeString(file, "a 1 10\na 2 5\n# EOF\n");
        assertThat(run("import", "openmetrics", file.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("line 2").contains("older than the one before it");
    }
}
