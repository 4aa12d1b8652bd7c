package dev.panoptes.core.objstore;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a directory on local disk: the embedded default.
 *
 * <p>An object is the file at {@code root/key}. A put writes the bytes to a uniquely named file
 * under {@code root/.tmp}, forces it to disk, renames it over the target atomically, then forces
 * the target's directory so that the rename itself survives a power cut. A crash at any point
 * leaves either the old object or the new one, plus perhaps an orphaned temporary file that the
 * next {@link #open} removes. Listings never look inside {@code .tmp}, and keys may not start
 * with it.
 */
public final class LocalDirectoryObjectStore implements ObjectStore {

    static final String TMP_DIR = ".tmp";
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;

    private LocalDirectoryObjectStore(Path root) {
        this.root = root;
        this.tmp = root.resolve(TMP_DIR);
    }

    /**
     * Opens (creating if needed) a store rooted at {@code root} and removes temporary files that
     * a crashed writer left behind. Only one process may write to a root at a time; the server's
     * data-directory lock ensures that.
     */
    public static LocalDirectoryObjectStore open(Path root) throws IOException {
        Path absolute = root.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        LocalDirectoryObjectStore store = new LocalDirectoryObjectStore(absolute);
        store.removeLeftoverTemporaryFiles();
        return store;
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        put(key, new ByteArrayInputStream(data), data.length);
    }

    @Override
    public void put(String key, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, in, Files.size(file));
        }
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(tmp);
        Path temporary = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copyExactly(data, out, length, key);
                out.force(true);
            }
            moveIntoPlace(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copyExactly(InputStream in, FileChannel out, long length, String key) throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER, Math.max(length, 1))];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("put of '" + key + "' expected " + length + " bytes but the stream ended after " + (length - remaining));
            }
            ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
            while (chunk.hasRemaining()) {
                out.write(chunk);
            }
            remaining -= n;
        }
    }

    private void moveIntoPlace(Path temporary, Path target) throws IOException {
        // A concurrent delete may remove the (empty) parent between createDirectories and the
        // rename; creating it again and retrying once is enough to win that race.
        for (int attempt = 0; ; attempt++) {
            Path parent = target.getParent();
            boolean created = !Files.isDirectory(parent);
            Files.createDirectories(parent);
            if (created) {
                forceDirectoryChain(parent);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                forceDirectory(parent);
                return;
            } catch (NoSuchFileException e) {
                if (attempt >= 2) {
                    throw e;
                }
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system under " + root + " cannot rename atomically", e);
            }
        }
    }

    /** Forces {@code dir} and each new ancestor up to the root, so that created directories persist. */
    private void forceDirectoryChain(Path dir) throws IOException {
        for (Path d = dir; d != null && d.startsWith(root); d = d.getParent()) {
            forceDirectory(d);
            if (d.equals(root)) {
                break;
            }
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(pathOf(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public InputStream getRange(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("range of '" + key + "' has a negative offset or length: " + offset + ", " + length);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(pathOf(key), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
        try {
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream((ReadableByteChannel) channel), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Maps the file, so that reads are memory copies; files too large to map are read by range. */
    @Override
    public RangeReader openRangeReader(String key) throws IOException {
        FileRangeReader mapped;
        try (FileChannel channel = FileChannel.open(pathOf(key), StandardOpenOption.READ)) {
            mapped = FileRangeReader.map(key, channel);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
        return mapped != null ? mapped : ObjectStore.super.openRangeReader(key);
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
        Path path = pathOf(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new ObjectNotFoundException(key);
            }
            return new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant());
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) throws IOException {
        ObjectKeys.checkPrefix(prefix);
        // Walk only the deepest directory that the prefix fully names.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> result = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(start)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (path.startsWith(tmp)) {
                    continue;
                }
                String key = keyOf(path);
                if (!key.startsWith(prefix)) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        result.add(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
                    }
                } catch (NoSuchFileException e) {
                    // Deleted while listing: not part of the listing.
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
        result.sort(Comparator.comparing(ObjectInfo::key));
        return result;
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = pathOf(key);
        Files.deleteIfExists(path);
        removeEmptyParents(path.getParent());
    }

    private void removeEmptyParents(Path dir) throws IOException {
        for (Path d = dir; d != null && !d.equals(root) && d.startsWith(root); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    private Path pathOf(String key) {
        ObjectKeys.check(key);
        if (key.equals(TMP_DIR) || key.startsWith(TMP_DIR + "/")) {
            throw new IllegalArgumentException("object key '" + key + "' uses the reserved prefix " + TMP_DIR);
        }
        return root.resolve(key);
    }

    private String keyOf(Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    private void removeLeftoverTemporaryFiles() throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (Stream<Path> leftovers = Files.list(tmp)) {
            for (Path leftover : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /** Limits a stream to a number of bytes, so that a ranged read never runs past its range. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }
    }
}
