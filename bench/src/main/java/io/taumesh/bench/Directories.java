package io.taumesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary work directories of the benchmarks, removed when a run ends. */
final class Directories {

    private Directories() {}

    /** Deletes a directory and everything under it, deepest first; fails on what cannot be deleted. */
    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * As {@link #deleteTree}, but leaves what cannot be deleted: a podman store holds files that belong to the
     * containers' users, and a leftover under the temp dir must not hide the figures measured.
     */
    static void deleteTreeQuietly(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
