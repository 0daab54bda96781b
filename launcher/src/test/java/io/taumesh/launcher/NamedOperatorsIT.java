package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshService;
import io.taumesh.testkit.RunningMesh;
import io.taumesh.testkit.TauMeshExtension;
import io.taumesh.testkit.TauMeshOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Named operators at the entrances besides the page, as their users reach them: the CLI against the ops endpoint
 * ({@code TAU_OPS_TOKEN} and {@code --ops-url}, as from another host) and a local program on the relay's socket, while
 * the operators file changes under the running mesh.
 */
@DisplayName("Named operators at the ops endpoint and the relay's socket of a running mesh")
@ExtendWith(TauMeshExtension.class)
// Not made yet: the mesh starts before its first operator is added.
@TauMeshOptions(args = {"--operators", "operators.json"})
class NamedOperatorsIT {

    @Test
    @Timeout(240)
    @DisplayName("operators added while it runs sign in within seconds; each entrance enforces the role; a removed "
            + "operator signs in nowhere")
    void everyEntrance(RunningMesh mesh) throws Exception {
        Path file = mesh.workDir().resolve("operators.json");
        Awaitility.await("the relay's socket")
                .atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(mesh.relaySocket()));
        try (Relay relay = new Relay(mesh.relaySocket())) {
            assertThat(relay.control("pause", null).getString("op"))
                    .as("no operator named yet: the socket's owner acts, as before")
                    .isEqualTo("control_result");
        }
        String vera = secret(TauMeshLauncherIT.tauMesh("--operators", file.toString(), "--operator-add", "vera"));
        String otto = secret(TauMeshLauncherIT.tauMesh(
                "--operators", file.toString(), "--operator-add", "otto", "--operator-role", "operator"));
        String ops = mesh.opsUrl();
        // Each add is a command of its own: the running mesh may read the file between them.
        Awaitility.await("vera and otto sign in at the ops endpoint")
                .atMost(Duration.ofSeconds(20))
                .until(() -> as(vera, ops, "--supervisor-health-json").exit() == 0
                        && as(otto, ops, "--supervisor-health-json").exit() == 0);

        TauMeshLauncherIT.Result viewer =
                as(vera, ops, "--supervisor-command", "restart", "--supervisor-child", "gateway");
        assertThat(viewer.exit()).isEqualTo(1);
        assertThat(viewer.err())
                .contains("answered 403: vera (viewer) may not restart_child: it needs the operator role");
        TauMeshLauncherIT.Result operator =
                as(otto, ops, "--supervisor-command", "restart", "--supervisor-child", "gateway");
        assertThat(operator.exit()).as(operator.err()).isZero();
        assertThat(new JsonObject(operator.out()).getString("result")).isEqualTo("accepted");
        TauMeshLauncherIT.Result quarantine =
                as(otto, ops, "--supervisor-command", "quarantine", "--supervisor-child", "gateway");
        assertThat(quarantine.err()).contains("otto (operator) may not quarantine_child: it needs the admin role");
        Path supervisorAudit = mesh.stateDir(MeshService.SUPERVISOR).resolve("audit.jsonl");
        Awaitility.await("the refusals and the restart in the supervisor's audit trail")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(supervisorAudit)
                        && Files.readString(supervisorAudit).contains("it needs the admin role"));
        assertThat(Files.readString(supervisorAudit))
                .containsPattern("\"origin\":\"ops 127\\.0\\.0\\.1:\\d+ as vera\"")
                .containsPattern("\"origin\":\"ops 127\\.0\\.0\\.1:\\d+ as otto\"");

        try (Relay relay = new Relay(mesh.relaySocket())) {
            // The relay, a process of its own, reads the file on its own clock. Otto pauses (once, or again: the
            // runner says so), then resumes what his pause held.
            Awaitility.await("otto acts at the relay's socket")
                    .atMost(Duration.ofSeconds(20))
                    .until(() ->
                            "control_result".equals(relay.control("pause", otto).getString("op")));
            JsonObject none = relay.control("resume", null);
            assertThat(none.getString("error")).contains("secret: is required: this node names operators");
            assertThat(relay.control("resume", vera).getString("error"))
                    .isEqualTo("secret: vera (viewer) may not resume: it needs the operator role");
            JsonObject applied = relay.control("resume", otto);
            assertThat(applied.getString("op")).isEqualTo("control_result");
            assertThat(applied.getJsonObject("result").getString("result")).isEqualTo("accepted");
        }

        TauMeshLauncherIT.Result removed =
                TauMeshLauncherIT.tauMesh("--operators", file.toString(), "--operator-remove", "otto");
        assertThat(removed.exit()).as(removed.err()).isZero();
        Awaitility.await("otto's secret signs in nowhere")
                .atMost(Duration.ofSeconds(20))
                .until(() -> as(otto, ops, "--supervisor-health-json").exit() == 1);
        try (Relay relay = new Relay(mesh.relaySocket())) {
            Awaitility.await("nor at the relay's socket")
                    .atMost(Duration.ofSeconds(20))
                    .until(() ->
                            relay.control("resume", otto).getString("error", "").contains("signs in as nobody"));
        }
    }

    private static TauMeshLauncherIT.Result as(String secret, String ops, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--ops-url";
        all[1] = ops;
        System.arraycopy(args, 0, all, 2, args.length);
        return TauMeshLauncherIT.tauMesh(Map.of("TAU_OPS_TOKEN", secret), all);
    }

    private static String secret(TauMeshLauncherIT.Result added) {
        assertThat(added.exit()).as(added.err()).isZero();
        Matcher secret = Pattern.compile("(?m)^  ([0-9a-f]{48})$").matcher(added.out());
        assertThat(secret.find()).as(added.out()).isTrue();
        return secret.group(1);
    }

    /** A local program on the relay's socket: one control frame, its answer. */
    private static final class Relay implements AutoCloseable {
        private final SocketChannel channel;
        private final BufferedReader reader;
        private int id;

        Relay(Path path) throws Exception {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(path));
            reader =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        }

        JsonObject control(String action, String secret) throws Exception {
            String frameId = "c" + (++id);
            JsonObject frame = new JsonObject()
                    .put("op", "control")
                    .put("id", frameId)
                    .put("action", new JsonObject().put("target", "gateway").put("action", action));
            if (secret != null) {
                frame.put("secret", secret);
            }
            channel.write(ByteBuffer.wrap((frame.encode() + "\n").getBytes(StandardCharsets.UTF_8)));
            JsonObject answer;
            do {
                String line = reader.readLine();
                assertThat(line).as("an answer from the relay").isNotNull();
                answer = new JsonObject(line);
            } while (!frameId.equals(answer.getString("id")));
            return answer;
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }
}
