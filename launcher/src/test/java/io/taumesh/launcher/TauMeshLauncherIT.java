package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The tau-mesh command")
class TauMeshLauncherIT {

    static final Path LAUNCHER = TwoJvmMeshIT.jar("tau.jar.launcher");

    @Test
    @Timeout(120)
    @DisplayName(
            "with no command flag runs the all-in-one mesh: ready, every service answers, SIGTERM stops it cleanly with exit 0")
    void allInOne(@TempDir Path work) throws Exception {
        try (ChildJvm mesh = ChildJvm.start(
                "tau-mesh",
                LAUNCHER,
                "--cluster-name",
                TestClusters.uniqueName("all-in-one"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--dashboard-path",
                work.resolve("supervisor.sock").toString(),
                "--gateway-state-dir",
                work.resolve("gateway").toString(),
                "--dashboard-state-dir",
                work.resolve("dashboard").toString())) {
            String ops = mesh.awaitLine(TwoJvmMeshIT.OPS, TwoJvmMeshIT.START).group(1);
            mesh.awaitLine(TwoJvmMeshIT.READY, TwoJvmMeshIT.START);
            assertThat(ops).startsWith("http://127.0.0.1:");

            HttpResponse<String> readiness = MeshHttp.get(ops + "/readiness");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            assertThat(new JsonObject(readiness.body())
                            .getJsonArray("checks").stream().map(JsonObject.class::cast))
                    .anySatisfy(c -> assertThat(c.encode())
                            .contains("\"id\":\"cluster\"")
                            .contains("\"status\":\"UP\""));

            for (String service : List.of("supervisor", "gateway", "dashboard", "relay", "webui")) {
                // The relay is a process of its own: it answers once its JVM has joined, a few seconds after the node
                // is ready.
                HttpResponse<String> status = Awaitility.await(service)
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> MeshHttp.get(ops + "/mesh/status/" + service), r -> r.statusCode() == 200);
                assertThat(status.statusCode())
                        .as(service + ": " + status.body())
                        .isEqualTo(200);
                assertThat(new JsonObject(status.body()).getString("service")).isEqualTo(service);
            }
            // The node and the relay, which runs as its own process and joins the cluster.
            assertThat(MeshHttp.get(ops + "/metrics").body()).contains("tau_cluster_members 2.0");

            mesh.terminate();
            assertThat(mesh.awaitExit(Duration.ofSeconds(30)))
                    .as(mesh.transcript())
                    .isZero();
            assertThat(mesh.stdout()).contains("tau-mesh: stopped");
            assertThat(String.join("\n", mesh.stderr()))
                    .as("stderr on a clean stop")
                    .doesNotContain("Exception")
                    .doesNotContain("\tat ")
                    .doesNotContain("SEVERE");
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("--help exits 0 and lists the flags; ./tau-mesh runs the same jar")
    void help() throws Exception {
        Result viaScript = run(List.of("bash", repoRoot().resolve("tau-mesh").toString(), "--help"));
        assertThat(viaScript.exit()).as(viaScript.err()).isZero();
        assertThat(viaScript.out())
                .contains("Usage: tau-mesh")
                .contains("--cluster-name")
                .contains("--cluster-members")
                .contains("--cluster-port")
                .contains("--eventbus-port")
                .contains("--ops-port")
                .contains("--services")
                .contains("--version");
        Result version = run(List.of(java(), "-jar", LAUNCHER.toString(), "--version"));
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("Tau Mesh ");
    }

    @Test
    @Timeout(60)
    @DisplayName("a bad flag value exits 2 with a message naming it, and starts nothing")
    void badFlags() throws Exception {
        Result unknownService = run(List.of(java(), "-jar", LAUNCHER.toString(), "--services", "gateway,nope"));
        assertThat(unknownService.exit()).isEqualTo(2);
        assertThat(unknownService.err()).contains("unknown service 'nope' in --services");
        Result badMember = run(List.of(java(), "-jar", LAUNCHER.toString(), "--cluster-members", "127.0.0.1:x"));
        assertThat(badMember.exit()).isEqualTo(2);
        assertThat(badMember.err()).contains("cluster member '127.0.0.1:x'");
        Result badPort = run(List.of(java(), "-jar", LAUNCHER.toString(), "--ops-port", "http"));
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err())
                .contains("tau-mesh: Invalid value for option '--ops-port'")
                .contains("(tau-mesh --help lists every flag)")
                .as("the message, not the usage under it")
                .doesNotContain("Usage:");
    }

    @Test
    @Timeout(60)
    @DisplayName(
            "--operator-add writes a named operator (owner-only, a digest only, an expiry when asked) and prints the secret once; a name taken, a role unknown or a bad expiry exits 2 naming it")
    void operatorAdd(@TempDir Path work) throws Exception {
        Path file = work.resolve("ops").resolve("operators.json");
        Result added = tauMesh("--operators", file.toString(), "--operator-add", "vera");
        assertThat(added.exit()).as(added.err()).isZero();
        Matcher secret = Pattern.compile("(?m)^  ([0-9a-f]{48})$").matcher(added.out());
        assertThat(secret.find()).as(added.out()).isTrue();
        assertThat(added.out()).contains("added vera (viewer) to " + file);
        Result until = tauMesh(
                "--operators",
                file.toString(),
                "--operator-add",
                "otto",
                "--operator-role",
                "operator",
                "--operator-expires",
                "12h");
        assertThat(until.exit()).as(until.err()).isZero();
        assertThat(until.out()).containsPattern("added otto \\(operator\\) to \\S+, until 20\\d\\d-");
        String written = Files.readString(file);
        assertThat(written)
                .doesNotContain(secret.group(1))
                .contains("\"role\" : \"viewer\"")
                .contains("expires_at");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        Result taken = tauMesh("--ui-operators", file.toString(), "--operator-add", "vera");
        assertThat(taken.exit()).as("the file's former flag name still works").isEqualTo(2);
        assertThat(taken.err()).contains("operators[2].name: 'vera' is used by another operator");
        Result boss = tauMesh("--operators", file.toString(), "--operator-add", "bob", "--operator-role", "boss");
        assertThat(boss.exit()).isEqualTo(2);
        assertThat(boss.err()).contains("operators[2].role: must be one of viewer, operator, admin, got \"boss\"");
        Result soon = tauMesh("--operators", file.toString(), "--operator-add", "bob", "--operator-expires", "soon");
        assertThat(soon.exit()).isEqualTo(2);
        assertThat(soon.err()).contains("--operator-expires must be a time from now such as 90m, 12h or 30d");
        Result noFile = run(
                List.of(java(), "-jar", LAUNCHER.toString(), "--operator-add", "bob"),
                Map.of("TAU_OPERATORS", "", "TAU_UI_OPERATORS", ""));
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).contains("--operator-add needs --operators FILE");
        assertThat(Files.readString(file))
                .as("nothing written by a refused add")
                .isEqualTo(written);
    }

    record Result(int exit, String out, String err) {}

    /** Runs {@code ./tau-mesh args...} from the repository root, as an operator does. */
    static Result tauMesh(String... args) throws IOException, InterruptedException {
        return tauMesh(Map.of(), args);
    }

    /** {@code ./tau-mesh} with these variables added to its environment. */
    static Result tauMesh(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("bash", repoRoot().resolve("tau-mesh").toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    /** A fixture of the repository: {@code fixtures/<runtime>/<name>}. */
    static String fixture(String runtime, String name) {
        return repoRoot().resolve("fixtures").resolve(runtime).resolve(name).toString();
    }

    static Path repoRoot() {
        return LAUNCHER.toAbsolutePath().getParent().getParent().getParent();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(repoRoot().toFile());
        // The nodes the tests start hold this run's credentials; a command that joins must hold them too.
        builder.environment()
                .put("TAU_MESH_CREDENTIALS", TestClusters.credentials().toString());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(50, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
