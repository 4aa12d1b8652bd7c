package dev.panoptes.server.cli;

import dev.panoptes.core.fs.DataDirectoryInUseException;
import dev.panoptes.core.fs.DataDirectoryLock;
import dev.panoptes.core.objstore.LocalDirectoryObjectStore;
import dev.panoptes.core.tenant.TenantId;
import dev.panoptes.core.time.Durations;
import dev.panoptes.metrics.tsdb.block.BlockMeta;
import dev.panoptes.metrics.tsdb.importer.OpenMetricsImporter;
import dev.panoptes.server.config.TenancySettings;
import dev.panoptes.wire.exposition.ExpositionParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code panoptes import}: backfill historical data into a data directory while no server runs on it. */
@Command(name = "import", description = "Write historical data into a data directory's blocks.",
        mixinStandardHelpOptions = true, subcommands = {ImportCommand.OpenMetrics.class})
final class ImportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code panoptes import openmetrics FILE --data-dir DIR}. */
    @Command(name = "openmetrics", mixinStandardHelpOptions = true,
            description = {"Import OpenMetrics text with timestamps (for example from 'promtool tsdb dump') as blocks.",
                    "The file may be gzip-compressed (.gz). A bad line stops the import with its line number and nothing is written."})
    static final class OpenMetrics implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "OpenMetrics text, ending with '# EOF'.")
        Path file;

        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The data directory of the server that will read the blocks.")
        Path dataDir;

        @Option(names = "--tenant", paramLabel = "ID", defaultValue = TenancySettings.DEFAULT_TENANT,
                description = "The tenant the data belongs to (default: ${DEFAULT-VALUE}).")
        String tenant;

        @Option(names = "--block-duration", paramLabel = "DURATION", defaultValue = "2h",
                description = "The time range of each block written (default: ${DEFAULT-VALUE}).")
        String blockDuration;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String problem = TenantId.problemWith(tenant);
            if (problem != null) {
                err.println("error: --tenant: " + problem);
                return 2;
            }
            long duration;
            try {
                duration = Durations.parse(blockDuration).toMillis();
            } catch (IllegalArgumentException e) {
                err.println("error: --block-duration: " + e.getMessage());
                return 2;
            }
            if (!Files.isRegularFile(file)) {
                err.println("error: " + file + " is not a readable file");
                return 2;
            }
            Path data = dataDir.toAbsolutePath().normalize();
            try (DataDirectoryLock lock = DataDirectoryLock.acquire(data);
                 LocalDirectoryObjectStore store = LocalDirectoryObjectStore.open(data.resolve("objects"));
                 Reader reader = open(file)) {
                OpenMetricsImporter importer = new OpenMetricsImporter(duration, 120);
                OpenMetricsImporter.Result result = importer.run(reader, store, "metrics/" + tenant + "/blocks/",
                        data.resolve("metrics").resolve(tenant).resolve("staging"));
                for (BlockMeta block : result.blocks()) {
                    out.printf("block %s  %s .. %s  %d series  %d samples%n", block.id(), Instant.ofEpochMilli(block.minTime()),
                            Instant.ofEpochMilli(block.maxTime()), block.numSeries(), block.numSamples());
                }
                out.printf("imported %d samples of %d series into %d blocks for tenant %s%n", result.samples(), result.series(),
                        result.blocks().size(), tenant);
                return 0;
            } catch (DataDirectoryInUseException e) {
                err.println("error: " + e.getMessage() + "; stop the server before importing");
                return 1;
            } catch (ExpositionParseException e) {
                err.println("error: " + file + ": " + e.getMessage());
                err.println("nothing was imported");
                return 1;
            }
        }

        private static Reader open(Path file) throws IOException {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }
    }
}
