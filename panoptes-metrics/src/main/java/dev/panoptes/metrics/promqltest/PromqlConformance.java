package dev.panoptes.metrics.promqltest;

import dev.panoptes.metrics.promql.EngineSettings;
import dev.panoptes.metrics.promql.PromqlEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * Runs PromQL test scripts against the engine and a real TSDB, one fresh database per script
 * (cleared again by each {@code clear}), with the engine settings the scripts assume: 5 minute
 * lookback, at most 10,000 samples per query, 100 s timeout, 1 minute default subquery step,
 * start timestamps used (as the reference runner's engine is configured).
 * Counts as the reference runner does: a script that does not parse fails all its evals, and a
 * {@code load} that cannot be stored fails every eval after it. Not thread-safe; one run at a
 * time.
 */
public final class PromqlConformance {

    /** The sample budget the scripts are written for; a query needing more fails. */
    public static final long MAX_SAMPLES = 10_000;

    private final PromqlEngine engine;

    public PromqlConformance(PromqlEngine engine) {
        this.engine = engine;
    }

    /** A runner with the settings the scripts assume. */
    public static PromqlConformance withScriptSettings() {
        return new PromqlConformance(new PromqlEngine(scriptSettings()));
    }

    /**
     * A runner with the settings the scripts assume, evaluating on {@code parallelism} threads and
     * splitting every selection of at least {@code splitThreshold} series between them (1 splits
     * the scripts' small selections too, so that the parallel path answers every eval).
     */
    public static PromqlConformance withScriptSettings(int parallelism, int splitThreshold) {
        return new PromqlConformance(new PromqlEngine(scriptSettings().withParallelism(parallelism).withSplitThreshold(splitThreshold)));
    }

    private static EngineSettings scriptSettings() {
        return EngineSettings.defaults()
                .withLookbackDelta(Duration.ofMinutes(5))
                .withMaxSamples(MAX_SAMPLES)
                .withTimeout(Duration.ofSeconds(100))
                .withStartTimestamps(true);
    }

    /** The {@code *.test} files of a directory (sorted by name), or the file itself. */
    public static List<Path> scripts(Path dirOrFile) throws IOException {
        if (!Files.isDirectory(dirOrFile)) {
            return List.of(dirOrFile);
        }
        try (Stream<Path> files = Files.list(dirOrFile)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".test")).sorted().toList();
        }
    }

    public FileResult run(Path file) throws IOException {
        return run(file, line -> true);
    }

    /**
     * Runs a script but counts only the evals whose header line {@code evals} accepts; every
     * {@code load} and {@code clear} still runs, so the chosen evals see the data they expect.
     */
    public FileResult run(Path file, IntPredicate evals) throws IOException {
        return run(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8), evals);
    }

    /** Runs one script given as text; {@code name} labels the result. */
    public FileResult run(String name, String content) throws IOException {
        return run(name, content, line -> true);
    }

    private FileResult run(String name, String content, IntPredicate selected) throws IOException {
        Script script;
        try {
            script = ScriptParser.parse(content);
        } catch (ScriptParseException e) {
            int evals = ScriptParser.countEvalHeaders(content);
            return new FileResult(name, 0, evals, List.of(new EvalFailure(name, e.line(), null,
                    "the script does not parse, so all " + evals + " evals count as failed: " + e.getMessage())));
        }
        try (ScriptStorage storage = ScriptStorage.open()) {
            ScriptRun run = new ScriptRun(name, storage, selected);
            for (Command command : script.commands()) {
                run.execute(command);
            }
            return new FileResult(name, run.passed, run.failures.size(), run.failures);
        }
    }

    /** The state of one script's run: its storage, and why it stopped if a load failed. */
    private final class ScriptRun {
        private final String name;
        private final ScriptStorage storage;
        private final IntPredicate evals;
        private final List<EvalFailure> failures = new ArrayList<>();
        private EvalRunner runner;
        private String stopped;
        private int passed;

        ScriptRun(String name, ScriptStorage storage, IntPredicate evals) {
            this.name = name;
            this.storage = storage;
            this.evals = evals;
            this.runner = new EvalRunner(engine, storage.tsdb());
        }

        void execute(Command command) throws IOException {
            switch (command) {
                case Command.Clear ignored -> {
                    if (stopped == null) {
                        storage.clear();
                        runner = new EvalRunner(engine, storage.tsdb());
                    }
                }
                case Command.Load load -> {
                    if (stopped == null) {
                        try {
                            storage.load(load);
                        } catch (ScriptStorage.LoadException e) {
                            stopped = "load at line " + load.line() + " failed, which stops the script: " + e.getMessage();
                        }
                    }
                }
                case EvalCommand eval -> {
                    if (!evals.test(eval.line())) {
                        return;
                    }
                    String failure = stopped != null ? stopped : runner.run(eval);
                    if (failure == null) {
                        passed++;
                        return;
                    }
                    failures.add(new EvalFailure(name, eval.line(), eval.expr(), failure));
                }
            }
        }
    }
}
