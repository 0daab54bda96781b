package io.taumesh.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Exclusive ownership of a state dir for the life of its owner: an OS lock on {@code <dir>/.lock}, which
 * the kernel releases on any death of the process, so that a killed owner never leaves a stale lock. The
 * file names the holder (pid, what it is, since when) for the error a second owner gets. Readers (the
 * offline inspect commands) do not take it. Blocking throughout.
 *
 * <p>The OS lock belongs to the process, and closing any descriptor of the file drops it, so a second
 * owner in the same JVM is refused from a table of held dirs before it opens the file at all.
 */
public final class StateDirLock implements AutoCloseable {

    public static final String FILE = ".lock";

    private static final Map<Path, StateDirLock> HELD = new ConcurrentHashMap<>();

    /** The dir is owned by someone else. */
    public static final class HeldException extends Exception {
        private final Path dir;
        private final String holder;

        HeldException(Path dir, String holder) {
            super("state dir " + dir + " is in use by " + holder
                    + "; stop that owner first, or give this one a state dir of its own");
            this.dir = dir;
            this.holder = holder;
        }

        public Path dir() {
            return dir;
        }

        /** Who holds it, as the lock file says: {@code pid 1234 (gateway runner, since 2026-...)}. */
        public String holder() {
            return holder;
        }
    }

    private final Path key;
    private final @Nullable FileChannel channel;
    private final @Nullable FileLock lock;
    private final String holder;

    private StateDirLock(Path key, @Nullable FileChannel channel, @Nullable FileLock lock, String holder) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /**
     * Takes the dir (creating it) for {@code owner}, a few words on what holds it ("gateway runner").
     * Fails with {@link HeldException} naming the holder's pid when another process or another owner in this
     * JVM has it.
     */
    public static StateDirLock acquire(Path dir, String owner) throws IOException, HeldException {
        Files.createDirectories(dir);
        Path key = dir.toRealPath();
        String holder = "pid " + ProcessHandle.current().pid() + " (" + owner + ", since " + Instant.now() + ")";
        StateDirLock claim = new StateDirLock(key, null, null, holder);
        StateDirLock existing = HELD.putIfAbsent(key, claim);
        if (existing != null) {
            throw new HeldException(dir, existing.holder + " in this process");
        }
        try {
            FileChannel channel = FileChannel.open(
                    key.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | OverlappingFileLockException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                String other = readHolder(channel);
                channel.close();
                throw new HeldException(dir, other);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            StateDirLock held = new StateDirLock(key, channel, lock, holder);
            HELD.replace(key, claim, held);
            return held;
        } catch (IOException | HeldException | RuntimeException e) {
            HELD.remove(key, claim);
            throw e;
        }
    }

    /** Who holds the dir now, if anyone: for a status line. Never takes or disturbs the lock. */
    public static Optional<String> holder(Path dir) {
        try {
            Path key = dir.toRealPath();
            StateDirLock own = HELD.get(key);
            if (own != null) {
                return Optional.of(own.holder + " in this process");
            }
            Path file = key.resolve(FILE);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            // Another process may hold it; testing means taking it for a moment, which this process may do
            // because it holds no descriptor of the file that closing could disturb.
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock probe = channel.tryLock();
                if (probe != null) {
                    probe.release();
                    return Optional.empty();
                }
                return Optional.of(readHolder(channel));
            }
        } catch (IOException | OverlappingFileLockException e) {
            return Optional.empty();
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "another process" : text;
    }

    public Path dir() {
        return key;
    }

    /** Releases the dir; the lock file stays, empty of meaning until the next owner writes itself into it. */
    @Override
    public void close() throws IOException {
        if (lock != null && HELD.remove(key, this)) {
            try {
                lock.release();
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }
}
