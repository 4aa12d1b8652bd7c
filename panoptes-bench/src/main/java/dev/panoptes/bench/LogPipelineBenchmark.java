package dev.panoptes.bench;

import dev.panoptes.core.labels.Labels;
import dev.panoptes.logs.logql.LogPipeline;
import dev.panoptes.logs.logql.LogQLParser;
import dev.panoptes.logs.logql.LogSelectorExpr;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The LogQL pipeline's parse-and-filter path, per line, over 1000 synthetic application lines of
 * about 150 bytes held in memory (no store): {@code | json | status >= 500} and
 * {@code | logfmt | level="error"}, each keeping about one line in ten, and the same json lines
 * through {@code | json | line_format} to price the template engine. The two {@code ...ForSum}
 * cases are the pipelines of {@code sum(count_over_time({app="shop"} |= "GET" | json | status >= 500 [1m]))}
 * and its logfmt twin as the metric engine compiles them: the result's labels are read only for
 * the grouping (none), so the parser extracts only {@code status} (or {@code level}).
 * {@code jsonFieldBreakdown} is the pipeline of Grafana Logs Drilldown's per-field panel,
 * {@code sum by (level) (count_over_time({app="shop"} | json | drop __error__, __error_details__ | level != "" [1m]))},
 * every line kept; {@code mixedFieldBreakdown} is the same with Drilldown's parser for streams of
 * mixed formats, {@code | json | logfmt | drop __error__, __error_details__}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LogPipelineBenchmark {

    private static final int LINES = 1000;
    private static final Labels STREAM = Labels.of("app", "shop", "env", "prod");

    private final String[] jsonLines = new String[LINES];
    private final String[] logfmtLines = new String[LINES];
    private LogPipeline json;
    private LogPipeline logfmt;
    private LogPipeline jsonFormat;
    private LogPipeline jsonForSum;
    private LogPipeline logfmtForSum;
    private LogPipeline jsonFieldBreakdown;
    private LogPipeline mixedFieldBreakdown;

    @Setup
    public void setUp() throws Exception {
        Random random = new Random(42);
        String[] paths = {"/api/orders", "/api/users/17", "/health", "/api/cart/checkout"};
        for (int i = 0; i < LINES; i++) {
            boolean failed = random.nextInt(10) == 0;
            String level = failed ? "error" : "info";
            int status = failed ? 500 + random.nextInt(4) : 200;
            String path = paths[random.nextInt(paths.length)];
            long latency = random.nextInt(900) + 10;
            String trace = Long.toHexString(random.nextLong());
            jsonLines[i] = "{\"ts\":\"2026-12-02T10:00:00.123Z\",\"level\":\"" + level + "\",\"method\":\"GET\",\"path\":\"" + path
                    + "\",\"status\":" + status + ",\"latency_ms\":" + latency + ",\"trace_id\":\"" + trace
                    + "\",\"user\":{\"id\":" + random.nextInt(10_000) + "}}";
            logfmtLines[i] = "ts=2026-12-02T10:00:00.123Z level=" + level + " method=GET path=" + path + " status=" + status
                    + " latency_ms=" + latency + " trace_id=" + trace + " msg=\"request served\"";
        }
        json = compile("{app=\"shop\"} | json | status >= 500");
        logfmt = compile("{app=\"shop\"} | logfmt | level=\"error\"");
        jsonForSum = compileForSum("{app=\"shop\"} |= \"GET\" | json | status >= 500");
        logfmtForSum = compileForSum("{app=\"shop\"} |= \"GET\" | logfmt | level=\"error\"");
        jsonFieldBreakdown = LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse(
                "{app=\"shop\"} | json | drop __error__, __error_details__ | level != \"\"")).pipeline(), Set.of("level"));
        mixedFieldBreakdown = LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse(
                "{app=\"shop\"} | json | logfmt | drop __error__, __error_details__ | level != \"\"")).pipeline(), Set.of("level"));
        jsonFormat = compile("{app=\"shop\"} | json | line_format \"{{.level | ToUpper}} {{.method}} {{.path}} {{.status}}\"");
    }

    private static LogPipeline compile(String query) throws Exception {
        return LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse(query)).pipeline());
    }

    /** Compiled for a caller that groups by nothing, as {@code sum(count_over_time(...))} does. */
    private static LogPipeline compileForSum(String query) throws Exception {
        return LogPipeline.compile(((LogSelectorExpr) LogQLParser.parse(query)).pipeline(), Set.of());
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void jsonThenNumericFilterForSum(Blackhole bh) {
        run(jsonForSum, jsonLines, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void logfmtThenStringFilterForSum(Blackhole bh) {
        run(logfmtForSum, logfmtLines, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void jsonThenNumericFilter(Blackhole bh) {
        run(json, jsonLines, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void logfmtThenStringFilter(Blackhole bh) {
        run(logfmt, logfmtLines, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void jsonFieldBreakdown(Blackhole bh) {
        run(jsonFieldBreakdown, jsonLines, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void mixedFieldBreakdown(Blackhole bh) {
        run(mixedFieldBreakdown, jsonLines, bh);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void jsonThenLineFormat(Blackhole bh) {
        run(jsonFormat, jsonLines, bh);
    }

    private static void run(LogPipeline pipeline, String[] lines, Blackhole bh) {
        for (int i = 0; i < lines.length; i++) {
            if (pipeline.process(i, lines[i], STREAM, Labels.empty())) {
                bh.consume(pipeline.labels());
                bh.consume(pipeline.line());
            }
        }
    }

    /**
     * The same pipelines timed by the measuring thread's CPU time, pass by pass (a pass is the
     * 1000 lines), which a shared, loaded machine disturbs less than wall time: prints the line
     * sizes and, per pipeline, the best and the median pass in ns per line and MB of lines per CPU second.
     */
    public static void main(String[] args) throws Exception {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        LogPipelineBenchmark b = new LogPipelineBenchmark();
        b.setUp();
        long jsonBytes = 0;
        long logfmtBytes = 0;
        for (int i = 0; i < LINES; i++) {
            jsonBytes += b.jsonLines[i].length();
            logfmtBytes += b.logfmtLines[i].length();
        }
        System.out.println("json " + jsonBytes / LINES + " B/line, logfmt " + logfmtBytes / LINES + " B/line");
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        cpu("jsonThenNumericFilter", b.json, b.jsonLines, jsonBytes, passes, bh);
        cpu("jsonThenNumericFilterForSum", b.jsonForSum, b.jsonLines, jsonBytes, passes, bh);
        cpu("logfmtThenStringFilter", b.logfmt, b.logfmtLines, logfmtBytes, passes, bh);
        cpu("logfmtThenStringFilterForSum", b.logfmtForSum, b.logfmtLines, logfmtBytes, passes, bh);
        cpu("jsonFieldBreakdown", b.jsonFieldBreakdown, b.jsonLines, jsonBytes, passes, bh);
        cpu("mixedFieldBreakdown", b.mixedFieldBreakdown, b.jsonLines, jsonBytes, passes, bh);
        cpu("jsonThenLineFormat", b.jsonFormat, b.jsonLines, jsonBytes, passes, bh);
    }

    private static void cpu(String name, LogPipeline pipeline, String[] lines, long bytes, int passes, Blackhole bh) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < passes; i++) {
            run(pipeline, lines, bh);
        }
        long[] times = new long[passes];
        for (int i = 0; i < passes; i++) {
            long before = threads.getCurrentThreadCpuTime();
            run(pipeline, lines, bh);
            times[i] = threads.getCurrentThreadCpuTime() - before;
        }
        java.util.Arrays.sort(times);
        double best = times[0] / (double) LINES;
        double median = times[passes / 2] / (double) LINES;
        System.out.printf("%-30s best %7.0f ns/line (%4.0f MB/s), median %7.0f ns/line (%4.0f MB/s)%n", name,
                best, bytes / (times[0] / 1e9) / 1e6, median, bytes / (times[passes / 2] / 1e9) / 1e6);
    }
}
