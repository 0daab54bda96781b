package io.taumesh.core.testing;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The class-data archive a child JVM of the tests maps: the classes a jar loads on its way to ready (Vert.x,
 * Hazelcast, Netty, the services), parsed once into {@code <jar>.test.jsa} beside the jar and mapped by every later
 * start, which then reaches ready in about three quarters of the time. The first start of a jar that has no archive
 * newer than itself writes one as it exits (one writer at a time across the test JVMs, by a lock file; the others
 * start as before meanwhile). The JVM checks an archive against the jar and ignores one that does not match; its
 * CDS messages are off, so a child's output is what the jar printed. {@code -Dtau.test.archive=off} starts every child
 * without one.
 */
final class ChildArchive {

    /** A writer that has held the lock this long died with it (a start killed before it exited). */
    private static final Duration STALE_LOCK = Duration.ofMinutes(10);

    private static final String QUIET = "-Xlog:cds*=off";

    /** What {@link #exited} is told of a start whose JVM never ran. */
    static final int NOT_STARTED = -1;

    /** Where SIGKILL leaves a JVM: it wrote nothing whole. */
    private static final int KILLED = 137;

    private final Path archive;
    private final Path lock;
    private final Path written;
    private final List<String> options;

    private ChildArchive(Path archive, Path lock, Path written, List<String> options) {
        this.archive = archive;
        this.lock = lock;
        this.written = written;
        this.options = options;
    }

    /** How a start of {@code jar} uses its archive: maps it, writes it, or (another start writing it) neither. */
    static ChildArchive of(Path jar) {
        if ("off".equals(System.getProperty("tau.test.archive"))) {
            return new ChildArchive(jar, jar, null, List.of());
        }
        Path archive = jar.resolveSibling(jar.getFileName() + ".test.jsa");
        Path lock = jar.resolveSibling(jar.getFileName() + ".test.jsa.lock");
        try {
            if (Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
                return new ChildArchive(archive, lock, null, List.of(QUIET, "-XX:SharedArchiveFile=" + archive));
            }
            if (takeLock(lock)) {
                Path written = jar.resolveSibling(jar.getFileName() + ".test.jsa."
                        + ProcessHandle.current().pid() + "." + System.nanoTime());
                return new ChildArchive(archive, lock, written, List.of(QUIET, "-XX:ArchiveClassesAtExit=" + written));
            }
        } catch (IOException e) {
            // No archive is only slower.
        }
        return new ChildArchive(archive, lock, null, List.of());
    }

    private static boolean takeLock(Path lock) throws IOException {
        try {
            Files.createFile(lock);
            return true;
        } catch (FileAlreadyExistsException held) {
            Instant since = Files.getLastModifiedTime(lock).toInstant();
            if (Instant.now().isAfter(since.plus(STALE_LOCK))) {
                Files.deleteIfExists(lock);
                return takeLock(lock);
            }
            return false;
        }
    }

    /** The JVM options of this start. */
    List<String> options() {
        return options;
    }

    /**
     * After the start's JVM exited: a whole archive it wrote becomes the jar's (renamed in one step, so a start that
     * maps it never sees half of one), and the lock is given back; a JVM killed before it could write leaves none.
     */
    void exited(int exitCode) {
        if (written == null) {
            return;
        }
        try {
            if (exitCode != KILLED
                    && exitCode != NOT_STARTED
                    && Files.isRegularFile(written)
                    && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.deleteIfExists(written);
            Files.deleteIfExists(lock);
        } catch (IOException e) {
            // Left for a later start to write again.
        }
    }
}
