package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised process never outlives its supervisor, however the supervisor dies, and a relay that another
 * supervisor started is nobody's link here.
 */
@DisplayName("No orphan relay")
class OrphanRelayIT {

    static final Duration START = Duration.ofSeconds(60);
    static final Pattern READY = Pattern.compile(": ready;");

    @TempDir
    Path work;

    @Test
    @Timeout(180)
    @DisplayName("SIGKILL to the all-in-one's whole process group, cycles running: its relay's JVM is gone within 10 s")
    void groupKillTakesTheRelayToo() throws Exception {
        Path socket = work.resolve("s.sock");
        try (ChildJvm mesh = ChildJvm.start(
                "tau-mesh",
                true,
                work,
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                TestClusters.uniqueName("orphan"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--dashboard-path",
                socket.toString(),
                "--gateway-state-dir",
                work.resolve("gw").toString(),
                "--dashboard-state-dir",
                work.resolve("db").toString(),
                "--discovery-dir",
                "none",
                "--gateway-fixture",
                TauMeshLauncherIT.fixture("gateway", "healthy.json"),
                "--gateway-cycle-interval-ms",
                "100")) {
            mesh.awaitLine(READY, START);
            mesh.awaitErrLine(QuietStopIT.RELAY_STARTED, START);
            Awaitility.await().atMost(START).until(() -> Files.exists(socket));
            long relay = mesh.descendants().stream()
                    .filter(p -> p.info()
                            .commandLine()
                            .map(c -> c.contains("relay") && c.contains("java"))
                            .orElse(false))
                    .mapToLong(ProcessHandle::pid)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no relay JVM among the mesh's processes"));

            mesh.signalGroup("KILL");
            mesh.awaitExit(Duration.ofSeconds(30));
            Awaitility.await("the relay's JVM gone")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> ProcessHandle.of(relay).map(p -> !p.isAlive()).orElse(true));
        }
    }

    @Test
    @Timeout(180)
    @DisplayName(
            "a relay started by another supervisor: the supervisor here ignores its heartbeats, and the relay stops on "
                    + "its own once the supervisor that started it is not in the cluster")
    void aRelayOfAnotherSupervisor() throws Exception {
        String cluster = TestClusters.uniqueName("foreign-relay");
        int supervisorPort = StartOrderIT.freePort();
        int supervisorOps = StartOrderIT.freePort();
        String supervisorUrl = "http://127.0.0.1:" + supervisorOps;
        String seeds = "127.0.0.1:" + supervisorPort;
        try (ChildJvm supervisor = ChildJvm.start(
                "supervisor",
                TwoJvmMeshIT.jar("tau.jar.supervisor"),
                "--cluster-name",
                cluster,
                "--cluster-port",
                String.valueOf(supervisorPort),
                "--cluster-members",
                seeds,
                "--ops-port",
                String.valueOf(supervisorOps),
                "--discovery-dir",
                "none")) {
            supervisor.awaitLine(READY, START);
            String gone = "0e0e0e0e-dead-4bad-8bad-0e0e0e0e0e0e";
            try (ChildJvm relay = ChildJvm.start(
                    "relay",
                    Map.of("TAU_SUPERVISOR_NODE", gone),
                    TwoJvmMeshIT.jar("tau.jar.relay"),
                    "--cluster-name",
                    cluster,
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    seeds,
                    "--cluster-lite-member",
                    "--ops-port",
                    "0",
                    "--discovery-dir",
                    "none",
                    "--dashboard-path",
                    work.resolve("r.sock").toString())) {
                relay.awaitLine(READY, START);
                long startedAt = System.nanoTime();
                supervisor.awaitErrLine(
                        Pattern.compile("ignoring the heartbeats of relay node .* started by supervisor node " + gone),
                        START);
                JsonObject health = new JsonObject(
                        MeshHttp.get(supervisorUrl + "/mesh/supervisor/health").body());
                assertThat(health.getString("dashboard_link"))
                        .as("an orphan's heartbeats link nothing")
                        .isNotEqualTo("connected");

                assertThat(relay.awaitExit(Duration.ofSeconds(60)))
                        .as(relay.transcript())
                        .isZero();
                assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(45));
                assertThat(relay.stdout()).anyMatch(l -> l.contains("orphaned: its supervisor is gone; stopping"));
                assertThat(relay.stderr())
                        .anyMatch(l -> l.contains("the supervisor that started this process (node " + gone + ")"));
            }
        }
    }
}
