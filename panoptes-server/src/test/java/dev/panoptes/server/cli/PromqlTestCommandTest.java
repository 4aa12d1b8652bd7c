package dev.panoptes.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PromqlTestCommandTest {

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

    private static final String PASSING = """
            load 1m
              up{job="api"} 1 1 0

            eval instant at 2m up
              up{job="api"} 0
            """;

    @Test
    void printsOneLinePerFileAndATotalAndFailsWhenAnEvalFails() throws Exception {
        Files.writeString(dir.resolve("a.test"), PASSING);
        Files.writeString(dir.resolve("b.test"), PASSING + """

                eval instant at 1m sum(up)
                  {} 2
                """);
        Files.writeString(dir.resolve("notes.txt"), "not a script");

        assertThat(run("promqltest", dir.toString())).as(err.toString()).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly("a.test: 1 passed, 0 failed", "b.test: 1 passed, 1 failed",
                "2 passed, 1 failed");
    }

    @Test
    void verboseModeSaysWhereAndWhatDiffered() throws Exception {
        Path script = dir.resolve("b.test");
        Files.writeString(script, PASSING + "\neval instant at 1m sum(up)\n  {} 2\n");

        assertThat(run("promqltest", "--verbose", script.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("b.test:7: sum(up): expected 2 for {}, got 1");
    }

    @Test
    void fileColonLineRunsOnlyThatEvalAfterTheLoadsBeforeIt() throws Exception {
        Path script = dir.resolve("b.test");
        Files.writeString(script, PASSING + "\neval instant at 1m sum(up)\n  {} 2\n");

        assertThat(run("promqltest", script + ":4")).isZero();
        assertThat(out.toString().lines()).containsExactly("b.test: 1 passed, 0 failed", "1 passed, 0 failed");
    }

    @Test
    void exitsZeroWhenEveryEvalPasses() throws Exception {
        Path script = dir.resolve("a.test");
        Files.writeString(script, PASSING);

        assertThat(run("promqltest", script.toString())).isZero();
        assertThat(out.toString()).endsWith("1 passed, 0 failed" + System.lineSeparator());
    }

    @Test
    void namesAPathThatDoesNotExist() {
        assertThat(run("promqltest", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("missing does not exist");
    }
}
