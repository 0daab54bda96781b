package io.taumesh.core.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link StateFs} on the real disk that "crashes" before its {@code k}-th operation: that operation and
 * every later one throw {@link Crash}, as if the process had died there. Two kinds of crash:
 * <ul>
 *   <li>{@link Loss#PROCESS}: the process dies, the kernel keeps everything written (a SIGKILL);</li>
 *   <li>{@link Loss#POWER}: the machine dies, and everything not yet made durable is lost: file data not
 *   forced goes back to what was last forced, and directory entries (files created, renamed or deleted) not
 *   forced in their directory are undone, newest first.</li>
 * </ul>
 * A real crash keeps anything between the two; recovery has to cope with both ends. Every operation is
 * logged, so that a test can also check the order of forces and renames. Not thread-safe: one writer.
 */
public final class CrashingStateFs implements StateFs {

    /** What a crash takes with it. */
    public enum Loss {
        PROCESS,
        POWER
    }

    /** The simulated death: an {@link Error}, so that no {@code catch (IOException | RuntimeException)} survives it. */
    public static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash(String op) {
            super("simulated crash before " + op, null, false, false);
        }
    }

    /** One operation as it was asked for. */
    public record Op(String kind, Path path, Path target) {
        @Override
        public String toString() {
            return kind + " " + path + (target == null ? "" : " -> " + target);
        }
    }

    /** A directory entry change to undo if its directory is not forced before the crash. */
    private record Pending(Path dir, Undo undo) {}

    @FunctionalInterface
    private interface Undo {
        void run() throws IOException;
    }

    private final long crashAt;
    private final Loss loss;
    private final List<Op> ops = new ArrayList<>();
    /** For each file changed since its last force: its durable content (empty when it was created since). */
    private final Map<Path, byte[]> durableData = new HashMap<>();

    private final Deque<Pending> pendingEntries = new ArrayDeque<>();
    private long done;
    private boolean crashed;

    private CrashingStateFs(long crashAt, Loss loss) {
        this.crashAt = crashAt;
        this.loss = loss;
    }

    /** Crashes before the operation numbered {@code k} (0-based). */
    public static CrashingStateFs crashingAt(long k, Loss loss) {
        return new CrashingStateFs(k, loss);
    }

    /** Never crashes: counts and logs the operations of a run. */
    public static CrashingStateFs recording() {
        return new CrashingStateFs(Long.MAX_VALUE, Loss.PROCESS);
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }

    public long count() {
        return done;
    }

    public boolean crashed() {
        return crashed;
    }

    private void step(String kind, Path path, Path target) throws IOException {
        Op op = new Op(kind, path.toAbsolutePath(), target == null ? null : target.toAbsolutePath());
        if (crashed) {
            throw new Crash(op + " (already crashed)");
        }
        if (done == crashAt) {
            crashed = true;
            if (loss == Loss.POWER) {
                loseWhatIsNotDurable();
            }
            throw new Crash(op.toString());
        }
        done++;
        ops.add(op);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        step("mkdirs", dir, null);
        StateFs.DISK.createDirectories(dir);
    }

    @Override
    public void write(Path file, byte[] bytes) throws IOException {
        step("write", file, null);
        beforeChange(file);
        StateFs.DISK.write(file, bytes);
    }

    @Override
    public void append(Path file, byte[] bytes) throws IOException {
        step("append", file, null);
        beforeChange(file);
        StateFs.DISK.append(file, bytes);
    }

    @Override
    public void force(Path file) throws IOException {
        step("force", file, null);
        StateFs.DISK.force(file);
        durableData.remove(key(file));
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        step("truncate", file, null);
        beforeChange(file);
        StateFs.DISK.truncate(file, length);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        step("rename", from, to);
        Path source = key(from);
        Path target = key(to);
        byte[] replaced = Files.exists(target) ? durableData.getOrDefault(target, Files.readAllBytes(target)) : null;
        byte[] moving = durableData.remove(source);
        durableData.remove(target);
        if (moving != null) {
            durableData.put(target, moving);
        }
        pendingEntries.push(new Pending(target.getParent(), () -> {
            if (Files.exists(target)) {
                Files.move(target, source, StandardCopyOption.REPLACE_EXISTING);
            }
            if (replaced != null) {
                Files.write(target, replaced);
            }
        }));
        StateFs.DISK.rename(from, to);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
        step("force-dir", dir, null);
        StateFs.DISK.forceDirectory(dir);
        Path forced = key(dir);
        pendingEntries.removeIf(p -> p.dir().equals(forced));
    }

    @Override
    public void delete(Path file) throws IOException {
        step("delete", file, null);
        Path target = key(file);
        if (Files.exists(target)) {
            byte[] content = durableData.containsKey(target) ? durableData.remove(target) : Files.readAllBytes(target);
            pendingEntries.push(new Pending(target.getParent(), () -> Files.write(target, content)));
        }
        StateFs.DISK.delete(file);
    }

    /** Remembers what a file held durably before its first change since it was last forced. */
    private void beforeChange(Path file) throws IOException {
        Path target = key(file);
        if (durableData.containsKey(target)) {
            return;
        }
        if (Files.exists(target)) {
            durableData.put(target, Files.readAllBytes(target));
        } else {
            durableData.put(target, new byte[0]);
            pendingEntries.push(new Pending(target.getParent(), () -> Files.deleteIfExists(target)));
        }
    }

    private void loseWhatIsNotDurable() throws IOException {
        for (Map.Entry<Path, byte[]> e : durableData.entrySet()) {
            if (Files.exists(e.getKey())) {
                Files.write(e.getKey(), e.getValue());
            }
        }
        durableData.clear();
        while (!pendingEntries.isEmpty()) {
            pendingEntries.pop().undo().run();
        }
    }

    private static Path key(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
