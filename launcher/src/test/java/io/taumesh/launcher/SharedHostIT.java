package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mesh on a shared host is its owner's: another local user (an unprivileged uid, through util-linux's setpriv) is
 * refused at every entrance, while the owner's commands keep working. One row of docs/security.md's table each.
 */
@DisplayName("Locked down on a shared host")
class SharedHostIT {

    static final int OTHER_UID = 65534;
    static final Duration START = Duration.ofSeconds(60);
    static final Pattern READY = Pattern.compile(": ready;");
    static final String TOKEN = "shared-host-ui-token-0123456789";

    @TempDir
    Path work;

    /** Runs as root (CI does), to start another user's processes; skips loudly where that cannot be done and CI is unset. */
    static void assumeRoot() throws Exception {
        Process id = new ProcessBuilder("id", "-u").start();
        boolean root = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .trim()
                .equals("0");
        boolean setpriv = new ProcessBuilder("setpriv", "--version").start().waitFor() == 0;
        if (!(root && setpriv) && System.getenv("CI") == null) {
            System.err.println(
                    "!!! SKIPPED: another local user's attempts need root and setpriv (util-linux); they run in CI !!!");
        }
        Assumptions.assumeTrue(
                root && setpriv || System.getenv("CI") != null, "not root, or no setpriv (and CI is unset)");
        assertThat(root && setpriv).as("CI runs as root, with util-linux").isTrue();
    }

    /** A folder of the other user's: its home and working dir, with the programs it runs (a copy anyone may read). */
    private Path otherHome() throws Exception {
        Path home = Files.createTempDirectory("tau-other-user-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path jar : List.of(TauMeshLauncherIT.LAUNCHER, TwoJvmMeshIT.jar("tau.jar.webui"))) {
            Files.copy(jar, home.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        try (InputStream intruder = SharedHostIT.class.getResourceAsStream("Intruder.java")) {
            Files.copy(intruder, home.resolve("Intruder.java"), StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("chown", "-R", OTHER_UID + ":" + OTHER_UID, home.toString()), null, Duration.ofSeconds(30));
        return home;
    }

    /** What a command printed and how it ended. */
    record Result(int exit, String out) {}

    /** {@code command} as the other user (uid and gid 65534, no groups), in {@code home}. */
    private static Result asOther(Path home, Duration limit, String... command) throws Exception {
        List<String> all = new ArrayList<>(
                List.of("setpriv", "--reuid=" + OTHER_UID, "--regid=" + OTHER_UID, "--clear-groups", "--"));
        all.addAll(List.of(command));
        return run(all, home, limit);
    }

    private static Result run(List<String> command, Path dir, Duration limit) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
            builder.environment().put("HOME", dir.toString());
        }
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + limit);
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The owner's all-in-one mesh: its own credentials (0700 dir), discovery dir and socket dir, fixed ports. */
    private ChildJvm ownerMesh(String cluster, int memberPort, int busPort, int uiPort, Path socket, String credentials)
            throws Exception {
        return ChildJvm.start(
                "owner-mesh",
                ChildJvm.Options.DEFAULT.withEnv(Map.of("TAU_MESH_CREDENTIALS", credentials)),
                TauMeshLauncherIT.LAUNCHER,
                "--cluster-name",
                cluster,
                "--cluster-port",
                String.valueOf(memberPort),
                "--cluster-members",
                "127.0.0.1:" + memberPort,
                "--eventbus-port",
                String.valueOf(busPort),
                "--ui-port",
                String.valueOf(uiPort),
                "--ui-token",
                TOKEN,
                "--dashboard-path",
                socket.toString(),
                "--discovery-dir",
                work.resolve("nodes").toString(),
                "--gateway-state-dir",
                work.resolve("gw-" + cluster).toString(),
                "--dashboard-state-dir",
                work.resolve("db-" + cluster).toString());
    }

    @Test
    @Timeout(300)
    @DisplayName(
            "another user is refused at every entrance (cluster join, event-bus port, --via-cluster, ops endpoint, the "
                    + "owner's files, relay socket, bridge) while the owner's commands work; with --mesh-credentials none the same "
                    + "command of the other user is obeyed")
    void anotherUserIsRefusedEverywhere() throws Exception {
        assumeRoot();
        Path other = otherHome();
        String cluster = TestClusters.uniqueName("shared-host");
        int memberPort = StartOrderIT.freePort();
        int busPort = StartOrderIT.freePort();
        int uiPort = StartOrderIT.freePort();
        Path socketDir = Files.createDirectory(
                work.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = socketDir.resolve("relay.sock");
        try (ChildJvm mesh = ownerMesh(
                cluster,
                memberPort,
                busPort,
                uiPort,
                socket,
                TestClusters.credentials().toString())) {
            mesh.awaitLine(READY, START);
            String ops = mesh.awaitLine(TwoJvmMeshIT.OPS, START).group(1);
            Awaitility.await("the relay linked")
                    .atMost(START)
                    .until(() -> Files.exists(socket) && MeshChecks.members(ops) == 2);
            Path discovery = Files.list(work.resolve("nodes"))
                    .filter(f -> f.getFileName().toString().startsWith("node-"))
                    .findFirst()
                    .orElseThrow();
            Path credentials = TestClusters.credentials().resolve("credentials.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(TestClusters.credentials())))
                    .isEqualTo("rwx------");

            // Joining the cluster: the other user's node, on the same name and with the owner's member as its seed,
            // never gets in.
            List<String> join = List.of(
                    java(),
                    "-jar",
                    other.resolve("web-ui.jar").toString(),
                    "--cluster-name",
                    cluster,
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    "127.0.0.1:" + memberPort,
                    "--ops-port",
                    "0",
                    "--ui-port",
                    "0",
                    "--discovery-dir",
                    "none");
            ProcessBuilder intruderNode = new ProcessBuilder(concat(
                            List.of("setpriv", "--reuid=" + OTHER_UID, "--regid=" + OTHER_UID, "--clear-groups", "--"),
                            join))
                    .directory(other.toFile())
                    .redirectErrorStream(true);
            intruderNode.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
            intruderNode.environment().put("HOME", other.toString());
            Process node = intruderNode.start();
            List<String> nodeLog = new CopyOnWriteArrayList<>();
            Thread pump = new Thread(
                    () -> new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))
                            .lines()
                            .forEach(nodeLog::add));
            pump.setDaemon(true);
            pump.start();
            try {
                Awaitility.await("the other user's node reports itself apart")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> nodeLog.stream()
                                .anyMatch(l -> l.contains("the mesh is in pieces: 127.0.0.1:" + memberPort)));
                assertThat(MeshChecks.members(ops))
                        .as("the owner's cluster: its node and its relay, no one else")
                        .isEqualTo(2);
            } finally {
                node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }

            // --via-cluster: the other user's quarantine never reaches the supervisor, and it is told why in one line.
            Result viaCluster = asOther(
                    other,
                    Duration.ofSeconds(120),
                    java(),
                    "-jar",
                    other.resolve("tau-mesh.jar").toString(),
                    "--cluster-name",
                    cluster,
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    "127.0.0.1:" + memberPort,
                    "--via-cluster",
                    "--supervisor-command",
                    "quarantine",
                    "--supervisor-child",
                    "gateway",
                    "--discovery-dir",
                    "none");
            assertThat(viaCluster.exit()).as(viaCluster.out()).isEqualTo(1);
            assertThat(viaCluster.out())
                    .contains("members answer at 127.0.0.1:" + memberPort)
                    .contains("none let this node in: it does not hold that mesh's credentials");

            // The event-bus port, a frame in the clear and a TLS handshake without the mesh's key; the ops endpoint's
            // mesh
            // routes without the token; the owner's files; the relay's socket; the bridge without the operator token.
            List<Result> attempts = List.of(
                    asOther(
                            other,
                            Duration.ofSeconds(60),
                            java(),
                            "Intruder.java",
                            "bus",
                            "127.0.0.1",
                            String.valueOf(busPort)),
                    asOther(other, Duration.ofSeconds(60), java(), "Intruder.java", "ops", ops),
                    asOther(other, Duration.ofSeconds(60), java(), "Intruder.java", "file", discovery.toString()),
                    asOther(other, Duration.ofSeconds(60), java(), "Intruder.java", "file", credentials.toString()),
                    asOther(other, Duration.ofSeconds(60), java(), "Intruder.java", "socket", socket.toString()),
                    asOther(other, Duration.ofSeconds(60), java(), "Intruder.java", "bridge", String.valueOf(uiPort)));
            for (Result attempt : attempts) {
                System.out.print(attempt.out());
                assertThat(attempt.exit()).as(attempt.out()).isZero();
                assertThat(attempt.out()).contains("refused: ").doesNotContain("ACCEPTED");
            }

            // None of it reached the supervisor; the owner's commands work, through the ops endpoint and through the
            // cluster.
            String[] local = {
                "--cluster-name",
                cluster,
                "--discovery-dir",
                work.resolve("nodes").toString()
            };
            TauMeshLauncherIT.Result state =
                    TauMeshLauncherIT.tauMesh(concat(new String[] {"--supervisor-state-json"}, local));
            assertThat(state.exit()).as(state.err()).isZero();
            assertThat(new JsonObject(state.out()).getJsonObject("children").getInteger("quarantined"))
                    .isZero();
            TauMeshLauncherIT.Result viaOwner = TauMeshLauncherIT.tauMesh(
                    "--supervisor-state-json",
                    "--via-cluster",
                    "--cluster-name",
                    cluster,
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    "127.0.0.1:" + memberPort,
                    "--discovery-dir",
                    "none");
            assertThat(viaOwner.exit()).as(viaOwner.err()).isZero();
            assertThat(new JsonObject(viaOwner.out()).getJsonObject("children").getInteger("running"))
                    .isEqualTo(4);
        }

        // The same command of the other user against a mesh started without credentials is obeyed: what they guard.
        String open = TestClusters.uniqueName("shared-host-open");
        int openPort = StartOrderIT.freePort();
        Path openSocket = work.resolve("run").resolve("open.sock");
        try (ChildJvm mesh =
                ownerMesh(open, openPort, StartOrderIT.freePort(), StartOrderIT.freePort(), openSocket, "none")) {
            mesh.awaitLine(READY, START);
            Result obeyed = asOther(
                    other,
                    Duration.ofSeconds(120),
                    java(),
                    "-jar",
                    other.resolve("tau-mesh.jar").toString(),
                    "--cluster-name",
                    open,
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    "127.0.0.1:" + openPort,
                    "--via-cluster",
                    "--supervisor-command",
                    "quarantine",
                    "--supervisor-child",
                    "gateway",
                    "--discovery-dir",
                    "none",
                    "--mesh-credentials",
                    "none");
            assertThat(obeyed.exit()).as(obeyed.out()).isZero();
            assertThat(obeyed.out()).contains("CommandResult::Accepted");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
