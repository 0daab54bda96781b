package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code deploy/compose/compose.yaml} run as a user runs it, with Debian's podman-compose on the file's own bridge
 * network: a copy of the file in a folder of its own (with certificates from {@code make-bus-certs.sh}), a project
 * name of its own, and an image store of its own (through {@code CONTAINERS_STORAGE_CONF}, which every podman that
 * podman-compose runs reads), so that a test never sees another's containers, volumes, images or network.
 */
final class ComposeProject implements AutoCloseable {

    /** What one command printed, and how it ended. */
    record Result(int exitCode, String out) {}

    private final Path dir;
    private final String project;
    private final Map<String, String> env = new LinkedHashMap<>();

    private ComposeProject(Path dir, String project) {
        this.dir = dir;
        this.project = project;
    }

    /** Skips, loudly, where podman-compose or the dnsname plugin is missing and {@code CI} is unset; CI installs both. */
    static void assumeInstalled() {
        boolean present = Podman.installed()
                && runs("podman-compose", "version")
                && (Files.isRegularFile(Path.of("/usr/lib/cni/dnsname"))
                        || Files.isRegularFile(Path.of("/opt/cni/bin/dnsname")));
        if (!present && System.getenv("CI") == null) {
            System.err.println(
                    "!!! SKIPPED: podman-compose and the CNI dnsname plugin are not installed (apt-get install "
                            + "podman-compose golang-github-containernetworking-plugin-dnsname); the compose test runs for real in CI !!!");
        }
        Assumptions.assumeTrue(
                present || System.getenv("CI") != null, "podman-compose is not installed (and CI is unset)");
        assertThat(present)
                .as("CI must have podman, podman-compose and the dnsname plugin (.ci/run installs them)")
                .isTrue();
    }

    /** A copy of the compose file and its certificate script in {@code dir}, with certificates made, under {@code project}. */
    static ComposeProject copy(Path dir, String project) throws IOException, InterruptedException {
        Path source = MeshImage.repositoryRoot().resolve("deploy").resolve("compose");
        Files.createDirectories(dir);
        Files.copy(source.resolve("compose.yaml"), dir.resolve("compose.yaml"));
        Files.copy(source.resolve("make-bus-certs.sh"), dir.resolve("make-bus-certs.sh"));
        ComposeProject compose = new ComposeProject(dir, project);
        Path storage = dir.resolve("storage.conf");
        Files.writeString(
                storage,
                "[storage]\ndriver = \"overlay\"\ngraphroot = \"" + dir.resolve("graph") + "\"\nrunroot = \""
                        + dir.resolve("run") + "\"\n");
        compose.env.put("CONTAINERS_STORAGE_CONF", storage.toString());
        // The copied script makes the mesh's credentials with the repository's own command.
        compose.env.put(
                "TAU_MESH", MeshImage.repositoryRoot().resolve("tau-mesh").toString());
        Result certs = compose.run(120, "bash", dir.resolve("make-bus-certs.sh").toString());
        assertThat(certs.exitCode()).as(certs.out()).isZero();
        return compose;
    }

    /** Sets a variable the compose file reads ({@code TAU_UI_TOKEN}, the published ports). */
    ComposeProject with(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    String project() {
        return project;
    }

    /** The name podman-compose 1.0 gives a service's container. */
    String container(String service) {
        return project + "_" + service + "_1";
    }

    String network() {
        return project + "_mesh";
    }

    /** {@code podman-compose -p PROJECT -f compose.yaml ARGS}. */
    Result compose(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "podman-compose",
                "-p",
                project,
                "-f",
                dir.resolve("compose.yaml").toString()));
        command.addAll(List.of(args));
        return run(timeoutSeconds, command.toArray(String[]::new));
    }

    /** {@code podman ARGS}, on this project's image store; must succeed. */
    String podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        Result result = run(120, command.toArray(String[]::new));
        assertThat(result.exitCode())
                .as(String.join(" ", command) + "\n" + result.out())
                .isZero();
        return result.out().trim();
    }

    /** {@code podman ARGS}, whatever it returns. */
    Result podmanQuietly(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return run(120, command.toArray(String[]::new));
    }

    String logs(String service) throws IOException, InterruptedException {
        return podmanQuietly("logs", container(service)).out();
    }

    private Result run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cmd-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return new Result(process.exitValue(), printed);
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes down whatever is left (the test's own {@code down -v} came first), the network, the images and the folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        compose(300, "down", "-v");
        podmanQuietly("network", "rm", "--force", network());
        podmanQuietly("rm", "--force", "--all", "--volumes", "--time", "5");
        podmanQuietly("rmi", "--force", "--all");
        // Not "system reset": it would also remove networks that other projects on this host use.
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
