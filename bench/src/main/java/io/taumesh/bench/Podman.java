package io.taumesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * podman on a store of its own (images, containers and run root under one temp dir), so that a run neither sees nor
 * leaves anything in the user's podman; {@link #removeEverything} removes all it made.
 */
final class Podman {

    private final Path store;

    private Podman(Path store) {
        this.store = store;
    }

    /** A new, empty store; a short path, as podman refuses a run root longer than 50 characters. */
    static Podman withFreshStore() throws IOException {
        return new Podman(Files.createTempDirectory("tau-pm"));
    }

    /** Whether a podman command answers at all, so that its section can say it was not measured. */
    static boolean installed() {
        try {
            Process p = new ProcessBuilder("podman", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs one podman command on this store; its output, or a failure with it. */
    String run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "podman",
                "--root",
                store.resolve("storage").toString(),
                "--runroot",
                store.resolve("run").toString(),
                "--tmpdir",
                Files.createDirectories(store.resolve("tmp")).toString()));
        command.addAll(List.of(args));
        // Through a file, not a pipe: podman's output can outgrow a pipe before the command ends.
        Path out = Files.createTempFile("tau-bench-podman", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String text = Files.readString(out);
        Files.deleteIfExists(out);
        if (!done || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + text);
        }
        return text;
    }

    /** Removes the containers, volumes and images of the store, then the store. */
    void removeEverything() throws IOException, InterruptedException {
        run(120, "rm", "--force", "--all", "--volumes", "--time", "5");
        run(120, "volume", "prune", "--force");
        run(120, "system", "reset", "--force");
        Directories.deleteTreeQuietly(store);
    }
}
