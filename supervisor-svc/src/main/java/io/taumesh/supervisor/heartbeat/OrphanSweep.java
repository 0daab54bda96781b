package io.taumesh.supervisor.heartbeat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes orphaned artefacts from the tool-builds dir. Each entry directly under the dir (a file or a
 * directory) is one artefact that a tool built for one run. An entry whose name ends in {@code .<pid>} of a
 * process that still runs is in use and kept, whatever its age; any other entry untouched for longer than the
 * max age (the newest modification time in it) is an orphan and removed, directory and all. Symbolic links
 * are removed as links, never followed. Blocking: runs on a worker.
 */
final class OrphanSweep {

    /** {@code name.<pid>}: the pid of the process that owns an artefact while it runs. */
    static final Pattern OWNER_PID = Pattern.compile("\\.(\\d{1,10})$");
    /** A directory deeper or larger than this is judged by what was seen: sweeping must stay cheap. */
    static final int MAX_VISITED = 10_000;

    record Result(int kept, List<Path> removed) {}

    private OrphanSweep() {}

    static Result sweep(Path dir, long maxAgeSeconds, long nowMs) throws IOException {
        refuseDangerous(dir);
        Files.createDirectories(dir);
        long cutoff = nowMs - maxAgeSeconds * 1000;
        int kept = 0;
        List<Path> removed = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        }
        for (Path entry : entries) {
            if (ownerRuns(entry) || newestModification(entry) >= cutoff) {
                kept++;
                continue;
            }
            try {
                deleteTree(entry);
                removed.add(entry);
            } catch (NoSuchFileException gone) {
                // Its owner removed it meanwhile.
            }
        }
        return new Result(kept, removed);
    }

    /**
     * A mistyped dir must not cost the operator's files: a filesystem root, the home dir, and the working dir or
     * any dir above it are never swept.
     */
    static void refuseDangerous(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path home =
                Path.of(System.getProperty("user.home", "/")).toAbsolutePath().normalize();
        if (abs.getParent() == null || abs.equals(home) || cwd.startsWith(abs)) {
            throw new IOException("refusing to sweep " + abs
                    + ": it is a filesystem root, the home dir, or the working dir or above it");
        }
    }

    static boolean ownerRuns(Path entry) {
        Matcher m = OWNER_PID.matcher(entry.getFileName().toString());
        if (!m.find()) {
            return false;
        }
        try {
            return ProcessHandle.of(Long.parseLong(m.group(1)))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Epoch ms of the newest modification in the entry (itself, and for a directory what is in it). */
    static long newestModification(Path entry) throws IOException {
        long[] newest = {
            Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toMillis()
        };
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            return newest[0];
        }
        int[] visited = {0};
        Files.walkFileTree(entry, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                newest[0] = Math.max(newest[0], attrs.lastModifiedTime().toMillis());
                return ++visited[0] > MAX_VISITED ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                newest[0] = Math.max(newest[0], attrs.lastModifiedTime().toMillis());
                return ++visited[0] > MAX_VISITED ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return newest[0];
    }

    private static void deleteTree(Path entry) throws IOException {
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(entry);
            return;
        }
        Files.walkFileTree(entry, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
