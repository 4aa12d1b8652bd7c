package dev.panoptes.server.cli;

import dev.panoptes.metrics.promqltest.EvalFailure;
import dev.panoptes.metrics.promqltest.FileResult;
import dev.panoptes.metrics.promqltest.PromqlConformance;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code panoptes promqltest DIR_OR_FILES...}: runs PromQL test scripts (Prometheus' {@code
 * promqltest} language) against the engine and a throw-away TSDB, printing one line per file and
 * a total; exits 1 when any eval fails.
 */
@Command(name = "promqltest", mixinStandardHelpOptions = true,
        description = {"Run PromQL test scripts (load / eval / clear, as in Prometheus' promql/promqltest/testdata)",
                "against the query engine and a temporary database. Prints '<file>: N passed, M failed' per file",
                "and a total; exits 1 when any eval fails."})
final class PromqlTestCommand implements Callable<Integer> {

    private static final Pattern FILE_LINE = Pattern.compile("(.+):([0-9]+)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR_OR_FILE",
            description = "Script files, or directories whose *.test files to run. FILE:LINE runs only the eval whose header is on LINE.")
    List<String> paths;

    @Option(names = {"-v", "--verbose"}, description = "For every failing eval, print file:line, the query and what differed.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> scripts = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (String arg : paths) {
            Path p = Path.of(arg);
            int line = 0;
            Matcher m = FILE_LINE.matcher(arg);
            if (!Files.exists(p) && m.matches() && Files.isRegularFile(Path.of(m.group(1)))) {
                p = Path.of(m.group(1));
                line = Integer.parseInt(m.group(2));
            } else if (!Files.exists(p)) {
                err.println("error: " + p + " does not exist");
                return 2;
            }
            for (Path script : PromqlConformance.scripts(p)) {
                scripts.add(script);
                lines.add(line);
            }
        }
        PromqlConformance runner = PromqlConformance.withScriptSettings();
        List<FileResult> results = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            int only = lines.get(i);
            FileResult r = runner.run(scripts.get(i), line -> only == 0 || line == only);
            results.add(r);
            out.println(r.summaryLine());
            if (verbose) {
                for (EvalFailure f : r.failures()) {
                    out.println("  " + f.describe());
                }
            }
            out.flush();
        }
        out.println(FileResult.totalLine(results));
        return results.stream().anyMatch(r -> r.failed() > 0) ? 1 : 0;
    }
}
