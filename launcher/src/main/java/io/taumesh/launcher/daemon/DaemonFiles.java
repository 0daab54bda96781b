package io.taumesh.launcher.daemon;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.files.AtomicFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads and writes the daemon's state files: {@code state.json} and {@code daemon.pid}, each written whole and
 * atomically (temp file, fsync, rename), so that a reader, or a crash, never sees half of one.
 */
public final class DaemonFiles {

    private final DaemonPaths paths;

    public DaemonFiles(DaemonPaths paths) {
        this.paths = paths;
    }

    public DaemonPaths paths() {
        return paths;
    }

    /** The recorded state; {@link DaemonRecord#none()} when there is no file. A file that cannot be read fails naming it. */
    public DaemonRecord read() throws IOException {
        String text;
        try {
            text = Files.readString(paths.stateFile());
        } catch (NoSuchFileException e) {
            return DaemonRecord.none();
        }
        try {
            return MeshJson.fromJson(new JsonObject(text), DaemonRecord.class);
        } catch (DecodeException | FieldError e) {
            throw new IOException(paths.stateFile() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** As {@link #read()}, an unreadable file counting as none (a start or a stop writes a good one over it). */
    public DaemonRecord readOrNone() {
        try {
            return read();
        } catch (IOException e) {
            return DaemonRecord.none();
        }
    }

    public void write(DaemonRecord record) throws IOException {
        AtomicFiles.write(
                paths.stateFile(), (MeshJson.toJson(record).encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The pid in {@code daemon.pid}; empty when there is no file, or it holds no number (it is then stale). */
    public OptionalLong readPid() throws IOException {
        String text;
        try {
            text = Files.readString(paths.pidFile()).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public boolean pidFilePresent() {
        return Files.exists(paths.pidFile());
    }

    public void writePid(long pid) throws IOException {
        AtomicFiles.write(paths.pidFile(), (pid + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void deletePid() throws IOException {
        Files.deleteIfExists(paths.pidFile());
    }

    /** Removes the pid file only if it still names {@code pid}: a newer daemon's file stays. */
    public void deletePidIf(long pid) throws IOException {
        OptionalLong current = readPid();
        if (current.isPresent() && current.getAsLong() == pid) {
            deletePid();
        }
    }

    /**
     * Whether the state dir can take the daemon's files: it is (or can be made) a directory in which a file can
     * be created. Empty when it can; the reason when it cannot. Creates the dir.
     */
    public Optional<String> unwritable() {
        Path dir = paths.dir();
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot create " + dir + ": " + reason(e));
        }
        if (!Files.isDirectory(dir)) {
            return Optional.of(dir + " is not a directory");
        }
        try {
            Path probe = Files.createTempFile(dir, ".write-probe.", ".tmp");
            Files.delete(probe);
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("cannot write in " + dir + ": " + reason(e));
        }
    }

    /**
     * As {@link #unwritable()}, without creating anything (for status): an existing dir is probed with a file, a
     * missing one is judged by its nearest existing parent.
     */
    public Optional<String> unwritableWithoutCreating() {
        Path dir = paths.dir();
        if (Files.isDirectory(dir)) {
            return unwritable();
        }
        if (Files.exists(dir)) {
            return Optional.of(dir + " is not a directory");
        }
        Path parent = dir.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null) {
            return Optional.of("no parent of " + dir + " exists");
        }
        if (!Files.isDirectory(parent)) {
            return Optional.of("cannot create " + dir + ": " + parent + " is not a directory");
        }
        if (!Files.isWritable(parent)) {
            return Optional.of("cannot create " + dir + ": " + parent + " is not writable");
        }
        return Optional.empty();
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
