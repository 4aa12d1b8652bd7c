package dev.panoptes.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java program started in a child process with this test's class path, for crash and signal
 * tests: the parent can wait for a line of its output, then kill it with SIGTERM or SIGKILL.
 * Output is collected line by line so that a test failure can show it.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::pump, "child-jvm-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM sharing this JVM's class path and java binary. */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), mainClass, args);
    }

    /** As {@link #start(Class, String...)} with extra JVM options before the class name. */
    public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildJvm(process);
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (transcript) {
                    transcript.add(line);
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // The process went away; what was read stays in the transcript.
        }
    }

    /** Waits until the child prints a line matching {@code condition}; fails with its output if it does not. */
    public String awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String line = lines.poll(50, TimeUnit.MILLISECONDS);
            if (line != null && condition.test(line)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new AssertionError("child exited with " + process.exitValue() + " before printing the expected line:\n" + output());
            }
        }
        throw new AssertionError("child did not print the expected line within " + timeout + ":\n" + output());
    }

    /**
     * Sends SIGTERM. Through the process handle, because {@code Process.destroy()} also closes
     * the pipes, and the child's last words (its shutdown log) would be lost.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    public void interrupt() throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill -INT " + process.pid() + " exited with " + exit);
        }
    }

    /** Sends SIGKILL and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Waits for the child to exit and returns its exit code, with everything it printed read into
     * {@link #output()}; fails if it runs past {@code timeout}.
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child still running after " + timeout + ":\n" + output());
        }
        reader.join(5_000);
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the child printed so far. */
    public String output() {
        synchronized (transcript) {
            return String.join("\n", transcript);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
