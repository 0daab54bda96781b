package io.taumesh.core.files;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that a crash cannot tear: the bytes go to a temp file beside the target, are
 * forced to disk, renamed over the target, and the directory entry is forced too. A reader sees the
 * old file or the new one, never half of either.
 */
public final class AtomicFiles {

    /** Temp files of an interrupted write look like {@code .<target>.<random>.tmp}; a start may remove them. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {}

    /** Blocking: call from a worker (see {@link #writeAsync}). */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(StateFs.DISK, target, bytes);
    }

    /** The same write through {@code fs}. Blocking. */
    public static void write(StateFs fs, Path target, byte[] bytes) throws IOException {
        write(fs, target, bytes, false);
    }

    /** The same write, of a file only its owner may read or write (0600 from its creation on: it holds a secret). */
    public static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        write(StateFs.DISK, target, bytes, true);
    }

    private static void write(StateFs fs, Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        Path dir = Objects.requireNonNull(target.toAbsolutePath().getParent(), "a file has a directory");
        fs.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
        boolean renamed = false;
        try {
            if (ownerOnly) {
                // Created with its mode, so that the secret is never readable by others, not even for a moment.
                Files.createFile(
                        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            fs.write(temp, bytes);
            fs.force(temp);
            fs.rename(temp, target);
            renamed = true;
            fs.forceDirectory(dir);
        } finally {
            if (!renamed) {
                fs.delete(temp);
            }
        }
    }

    /** The same write on a worker thread, in submission order for the calling context, off the event loop. */
    public static Future<Void> writeAsync(Vertx vertx, Path target, byte[] bytes) {
        return vertx.executeBlocking(() -> {
            write(target, bytes);
            return null;
        });
    }

    /** Makes the rename itself durable; some filesystems do not allow opening a directory, which is then skipped. */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | AccessDeniedException e) {
            // Nothing more can be done on such a filesystem; the file rename itself was atomic.
        }
    }
}
