package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A stop by any signal is quiet: the whole process group (what systemd and container runtimes do), the
 * supervisor alone, or the relay alone (which the supervisor then restarts). The log of a clean stop holds no
 * stack trace and no SEVERE line, every process child has exited and released what it held, and a child
 * stopped with the rest is {@code TaskExit::Cancelled}.
 */
@DisplayName("Quiet stop under any signal")
class QuietStopIT {

    static final Pattern RELAY_STARTED = Pattern.compile("child relay started \\(pid (\\d+)\\)");
    static final Duration STOP = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private ChildJvm startMesh() throws Exception {
        ChildJvm mesh = ChildJvm.start(
                "tau-mesh",
                true,
                work,
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                TestClusters.uniqueName("quiet-stop"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--dashboard-path",
                socket().toString(),
                "--gateway-state-dir",
                work.resolve("gw").toString(),
                "--dashboard-state-dir",
                work.resolve("db").toString(),
                "--gateway-fixture",
                TauMeshLauncherIT.fixture("gateway", "healthy.json"),
                "--gateway-cycle-interval-ms",
                "200");
        mesh.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
        mesh.awaitErrLine(RELAY_STARTED, TwoJvmMeshIT.START);
        // The relay is up once its socket is published.
        Awaitility.await().atMost(TwoJvmMeshIT.START).until(() -> Files.exists(socket()));
        return mesh;
    }

    private Path socket() {
        return work.resolve("s.sock");
    }

    private Path relayLog() {
        return work.resolve(".tau/supervisor/logs/relay.log");
    }

    /** The log of a clean stop: no stack trace, no SEVERE line, nothing uncaught, no failed child. */
    static void assertQuiet(String what, List<String> lines) {
        String log = String.join("\n", lines);
        assertThat(log)
                .as(what)
                .doesNotContain("\tat ")
                .doesNotContain("SEVERE")
                .doesNotContain("uncaught")
                .doesNotContain("Promise already completed")
                .doesNotContain("TaskExit::Failed")
                .doesNotContain("exiting now");
    }

    private void assertStoppedQuietly(ChildJvm mesh) throws Exception {
        assertThat(mesh.awaitExit(STOP)).as(mesh.transcript()).isZero();
        // The relay's log first: a relay that did not stop quietly says why there (the mesh's only sees its exit).
        assertQuiet("the relay's log", Files.readAllLines(relayLog()));
        assertThat(mesh.stdout()).contains("tau-mesh: stopped");
        assertThat(String.join("\n", mesh.stderr()))
                .as(mesh.transcript())
                .contains("ShutdownPhase::Completed")
                .contains("child relay stopped: TaskExit::Cancelled");
        assertQuiet("the mesh's log\n" + mesh.transcript(), mesh.stderr());
        assertThat(String.join("\n", mesh.stderr())).as(mesh.transcript()).doesNotContain("Exception");
        // Every process child had exited, its socket removed, by the time the mesh was gone.
        assertThat(socket()).as("the relay's socket").doesNotExist();
        assertThat(mesh.descendants()).as("processes the mesh started").isEmpty();
    }

    @ParameterizedTest(name = "SIG{0} to the whole process group")
    @ValueSource(strings = {"TERM", "INT"})
    @Timeout(180)
    @DisplayName(
            "a signal to the mesh's whole process group stops it in order, exit 0, nothing left running, a quiet log")
    void groupSignal(String signal) throws Exception {
        try (ChildJvm mesh = startMesh()) {
            mesh.signalGroup(signal);
            assertStoppedQuietly(mesh);
        }
    }

    @Test
    @Timeout(180)
    @DisplayName("SIGTERM to the supervisor's JVM alone stops the mesh the same way")
    void supervisorAlone() throws Exception {
        try (ChildJvm mesh = startMesh()) {
            mesh.terminate();
            assertStoppedQuietly(mesh);
        }
    }

    @Test
    @Timeout(240)
    @DisplayName("SIGTERM or SIGINT to the relay alone: it stops cleanly and the supervisor restarts it")
    void relayAlone() throws Exception {
        try (ChildJvm mesh = startMesh()) {
            for (String signal : List.of("TERM", "INT")) {
                long relayPid = relayJvm(mesh);
                int startsBefore = relayStarts(mesh);
                assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(relayPid))
                                .start()
                                .waitFor())
                        .isZero();
                Awaitility.await().atMost(TwoJvmMeshIT.START).until(() -> relayStarts(mesh) > startsBefore);
                Awaitility.await()
                        .atMost(TwoJvmMeshIT.START)
                        .until(() -> Files.exists(socket())
                                && relayJvmOrZero(mesh) != relayPid
                                && relayJvmOrZero(mesh) != 0);
            }
            assertThat(String.join("\n", mesh.stderr()))
                    .contains("child relay exited: TaskExit::Completed(exit code 0)");
            mesh.signalGroup("TERM");
            assertStoppedQuietly(mesh);
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("a standalone service jar stops quietly on a group SIGTERM")
    void standaloneService() throws Exception {
        try (ChildJvm gateway = ChildJvm.start(
                "gateway-svc",
                true,
                work,
                TwoJvmMeshIT.jar("tau.jar.gateway"),
                "--cluster-name",
                TestClusters.uniqueName("quiet-gateway"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--gateway-state-dir",
                work.resolve("gw").toString())) {
            gateway.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
            gateway.signalGroup("TERM");
            assertThat(gateway.awaitExit(STOP)).as(gateway.transcript()).isZero();
            assertThat(gateway.stdout()).contains("gateway-svc: stopped");
            assertQuiet(gateway.transcript(), gateway.stderr());
        }
    }

    private static int relayStarts(ChildJvm mesh) {
        return (int) mesh.stderr().stream()
                .filter(l -> RELAY_STARTED.matcher(l).find())
                .count();
    }

    /** The relay's JVM (under its wrapper), among the processes the mesh started. */
    private static long relayJvm(ChildJvm mesh) {
        long pid = relayJvmOrZero(mesh);
        assertThat(pid)
                .as("the relay's JVM among " + describe(mesh.descendants()))
                .isNotZero();
        return pid;
    }

    private static long relayJvmOrZero(ChildJvm mesh) {
        return mesh.descendants().stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(p ->
                        p.info().commandLine().map(c -> c.contains("relay")).orElse(false))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(0);
    }

    private static List<String> describe(List<ProcessHandle> processes) {
        List<String> out = new ArrayList<>();
        processes.forEach(p -> out.add(p.pid() + " " + p.info().commandLine().orElse("?")));
        return out;
    }
}
