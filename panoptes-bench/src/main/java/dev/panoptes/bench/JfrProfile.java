package dev.panoptes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Flight Recorder recording of a JVM (by pid, through {@code jcmd}) while some work runs,
 * summed up as the methods most often on top of the sampled stacks and the Panoptes methods most
 * often anywhere on them.
 */
final class JfrProfile {

    private JfrProfile() {
    }

    /** Records {@code pid} while {@code work} runs and returns the summary as printable lines. */
    static List<String> record(long pid, Path file, int top, Work work) throws Exception {
        jcmd(pid, "JFR.start", "name=querybench", "settings=profile", "filename=" + file);
        try {
            work.run();
        } finally {
            jcmd(pid, "JFR.stop", "name=querybench");
        }
        return summarise(file, top);
    }

    /** Work to profile. */
    interface Work {
        void run() throws Exception;
    }

    static List<String> summarise(Path file, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame.getMethod());
                if (name.startsWith("dev.panoptes.") && seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%d execution samples; on top of the stack:", samples));
        addTop(lines, self, samples, top);
        lines.add("Panoptes methods anywhere on the stack:");
        addTop(lines, total, samples, top);
        return lines;
    }

    private static void addTop(List<String> lines, Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> lines.add(String.format(Locale.ROOT, "  %5.1f%%  %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }

    private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        command.add(Long.toString(pid));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }
}
