package dev.panoptes.core.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Names and listings of a log directory: eight-digit segment files and {@code checkpoint.N} directories. */
final class WalFiles {

    static final String CHECKPOINT_PREFIX = "checkpoint.";

    private WalFiles() {
    }

    static String segmentName(int n) {
        return String.format(Locale.ROOT, "%08d", n);
    }

    static Path segment(Path dir, int n) {
        return dir.resolve(segmentName(n));
    }

    static Path checkpoint(Path dir, int n) {
        return dir.resolve(CHECKPOINT_PREFIX + segmentName(n));
    }

    /** The segment numbers in {@code dir}, ascending. */
    static List<Integer> segments(Path dir) throws IOException {
        List<Integer> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Integer n = parse(file.getFileName().toString());
                if (n != null && Files.isRegularFile(file)) {
                    result.add(n);
                }
            }
        }
        result.sort(null);
        return result;
    }

    /** The number of the newest complete checkpoint, or -1. */
    static int latestCheckpoint(Path dir) throws IOException {
        int latest = -1;
        for (int n : checkpoints(dir)) {
            latest = Math.max(latest, n);
        }
        return latest;
    }

    static List<Integer> checkpoints(Path dir) throws IOException {
        List<Integer> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, CHECKPOINT_PREFIX + "*")) {
            for (Path file : files) {
                Integer n = parse(file.getFileName().toString().substring(CHECKPOINT_PREFIX.length()));
                if (n != null && Files.isDirectory(file)) {
                    result.add(n);
                }
            }
        }
        result.sort(null);
        return result;
    }

    private static Integer parse(String name) {
        if (name.length() != 8) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return null;
            }
        }
        return Integer.parseInt(name);
    }

    /** Forces a directory's entries (a created or renamed file) to the device. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories; the rename is then as durable as they allow.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteRecursively(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
