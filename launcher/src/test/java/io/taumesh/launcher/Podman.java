package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's podman, run as a command, with an image store of its own (so that a test never sees nor removes
 * another's images or containers). On the CI machines podman runs its containers with runc and without
 * default ulimits: {@code .ci/run} writes that into {@code /etc/containers/containers.conf}
 * ({@code CONTAINERS_CONF} points elsewhere for a run by hand).
 */
final class Podman implements AutoCloseable {

    /** What one podman command printed, and how it ended. */
    record Result(int exitCode, String out, String err) {}

    private final Path root;

    private Podman(Path root) {
        this.root = root;
    }

    /** A store under {@code root}, removed with everything in it on close. */
    static Podman inStore(Path root) throws IOException {
        Files.createDirectories(root);
        return new Podman(root);
    }

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

    /** Skips, loudly, where podman is absent and {@code CI} is unset; CI installs it, so there it must be. */
    static void assumeInstalled() {
        boolean present = installed();
        if (!present && System.getenv("CI") == null) {
            System.err.println(
                    "!!! SKIPPED: podman is not installed (apt-get install podman runc); the container tests run "
                            + "for real in CI !!!");
        }
        Assumptions.assumeTrue(present || System.getenv("CI") != null, "podman is not installed (and CI is unset)");
        assertThat(present).as("CI must have podman (.ci/run installs it)").isTrue();
    }

    Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "podman",
                "--root",
                root.resolve("storage").toString(),
                "--runroot",
                root.resolve("run").toString(),
                "--tmpdir",
                root.resolve("tmp").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "podman-", ".out");
        Path err = Files.createTempFile(root, "podman-", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        Result result = new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }

    /** Runs a podman command that must succeed; returns what it printed on stdout. */
    String ok(String... args) throws IOException, InterruptedException {
        Result result = run(120, args);
        assertThat(result.exitCode())
                .as("podman %s\n%s%s", String.join(" ", args), result.out(), result.err())
                .isZero();
        return result.out().trim();
    }

    void load(Path archive) throws IOException, InterruptedException {
        ok("load", "--quiet", "--input", archive.toString());
    }

    /**
     * Starts a container the way the deploys do: read-only root filesystem (podman mounts a tmpfs on /tmp), no
     * capabilities, no privilege escalation, the image's own user. Host networking: every node on loopback.
     */
    String start(String name, String image, Map<String, String> env, String... extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--detach",
                "--name",
                name,
                "--network",
                "host",
                "--read-only",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--stop-timeout",
                "20"));
        env.forEach((k, v) -> args.addAll(List.of("--env", k + "=" + v)));
        args.addAll(List.of(extra));
        args.add(image);
        return ok(args.toArray(String[]::new));
    }

    String logs(String name) throws IOException, InterruptedException {
        Result result = run(60, "logs", name);
        return result.out() + result.err();
    }

    /** The container's state as podman reports it ({@code running}, {@code exited}) and its exit code. */
    String state(String name) throws IOException, InterruptedException {
        return ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(120, "rm", "--force", "--all", "--volumes", "--time", "5");
        run(120, "rmi", "--force", "--all");
        run(60, "system", "reset", "--force");
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
