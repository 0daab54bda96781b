package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.TestClusters;
import io.taumesh.launcher.daemon.HostTools;
import io.taumesh.launcher.daemon.UnitFile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runbook 004's onboarding: non-interactive with install and start, interactive on a (pseudo-)terminal, and no terminal. */
@DisplayName("Onboarding (runbook 004)")
class OnboardingIT {

    @TempDir
    Path work;

    @Test
    @Timeout(60)
    @DisplayName("without a terminal, interactive onboarding refuses clearly and writes nothing")
    void noTerminal() throws Exception {
        DaemonCli cli = new DaemonCli(work);
        DaemonCli.Result refused = cli.run("--onboard", "--onboard-profile", "default", "--onboard-install-daemon");
        assertThat(refused.exit()).as(refused.all()).isEqualTo(2);
        assertThat(refused.err())
                .contains("tau-mesh: --onboard asks its questions on a terminal, and there is none here")
                .contains("--onboard-non-interactive");
        assertThat(work.resolve(".tau")).doesNotExist();
    }

    /** Runs a tau-mesh command on a pseudo-terminal ({@code script} from util-linux), typing {@code input}. */
    private String onTerminal(Path script, String input, String... args) throws Exception {
        List<String> words = new ArrayList<>(List.of(
                TauMeshLauncherIT.java(), "-XX:TieredStopAtLevel=1", "-jar", TauMeshLauncherIT.LAUNCHER.toString()));
        words.addAll(List.of(args));
        String command = "exec "
                + words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null")
                .directory(work.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("onboarding on a terminal finished")
                .isTrue();
        p.getOutputStream().close();
        String transcript = out.join();
        assertThat(p.exitValue()).as(transcript).isZero();
        return transcript;
    }

    @Test
    @Timeout(120)
    @DisplayName(
            "interactive onboarding asks on the terminal, re-asks a bad answer, writes the profile config and installs "
                    + "the daemon's profile with the answers, starts nothing; a second onboarding offers the recorded answers")
    void interactive() throws Exception {
        Path script = HostTools.require("script", "bsdutils", "OnboardingIT.interactive");
        String cluster = TestClusters.uniqueName("onboard");
        String socket = work.resolve("s.sock").toString();
        // Profile, cluster, gateway dir, dashboard dir, socket, heartbeat (a bad answer first), install, start.
        String answers = "\n" + cluster + "\n\n\n" + socket + "\nmaybe\nn\n\n\n";
        String transcript = onTerminal(
                script,
                answers,
                "--onboard",
                "--onboard-profile",
                "default",
                "--onboard-install-daemon",
                "--cluster-port",
                "0",
                "--cluster-members",
                "none");
        assertThat(transcript)
                .contains("Profile name [default]: ")
                .contains("Cluster name (nodes meet only nodes of the same name) [tau-mesh]: ")
                .contains("Run the runtime heartbeat and self-repair? [Y/n]: ")
                .contains("please answer y or n")
                .contains("Install the daemon profile (systemd user unit, or launchd agent)? [Y/n]: ")
                .contains("Start the daemon now? [y/N]: ")
                .contains("onboarding of profile 'default' done; daemon profile installed");

        Path daemonDir = work.resolve(".tau/daemon");
        JsonObject profile = new JsonObject(Files.readString(daemonDir.resolve("profiles/default.json")));
        assertThat(profile.getString("cluster_name")).isEqualTo(cluster);
        assertThat(profile.getString("relay_socket")).isEqualTo(socket);
        assertThat(profile.getString("gateway_state_dir"))
                .isEqualTo(work.resolve(".tau/gateway").toString());
        assertThat(profile.getBoolean("runtime_heartbeat_enabled")).isFalse();
        assertThat(profile.getBoolean("install_daemon")).isTrue();
        assertThat(profile.getBoolean("start_daemon")).isFalse();
        List<String> exec = UnitFile.read(daemonDir.resolve("systemd/tau-coding-agent.service"))
                .execStart();
        assertThat(exec)
                .containsSubsequence("--cluster-name", cluster)
                .containsSubsequence("--dashboard-path", socket)
                .contains("--runtime-heartbeat-enabled=false");
        assertThat(exec.subList(exec.indexOf("--daemon-run"), exec.size()))
                .as("the unit runs the mesh flags the profile config records")
                .isEqualTo(withDaemonRun(daemonDir, profile));
        JsonObject state = new JsonObject(Files.readString(daemonDir.resolve("state.json")));
        assertThat(state.getString("state")).isEqualTo("stopped");
        assertThat(state.getJsonObject("heartbeat").getBoolean("enabled")).isFalse();
        assertThat(daemonDir.resolve("daemon.pid")).doesNotExist();

        String again = onTerminal(
                script, "\n\n\n\n\n\nn\nn\n", "--onboard", "--cluster-port", "0", "--cluster-members", "none");
        assertThat(again)
                .contains("Cluster name (nodes meet only nodes of the same name) [" + cluster + "]: ")
                .contains("Relay socket (the IPC relay's Unix socket) [" + socket + "]: ")
                .contains("Run the runtime heartbeat and self-repair? [y/N]: ");
    }

    private static List<Object> withDaemonRun(Path daemonDir, JsonObject profile) {
        List<Object> expected = new ArrayList<>(List.of("--daemon-run", "--daemon-state-dir", daemonDir.toString()));
        expected.addAll(profile.getJsonArray("mesh_args").getList());
        return expected;
    }

    @Test
    @Timeout(180)
    @DisplayName(
            "non-interactive onboarding writes the profile config, installs the daemon's profile and starts the daemon")
    void nonInteractive() throws Exception {
        try (DaemonCli cli = new DaemonCli(work)) {
            DaemonCli.Result onboard = cli.run(
                    "--onboard",
                    "--onboard-non-interactive",
                    "--onboard-install-daemon",
                    "--onboard-start-daemon",
                    "--cluster-name",
                    TestClusters.uniqueName("onboard"),
                    "--cluster-port",
                    "0",
                    "--cluster-members",
                    "none",
                    "--dashboard-path",
                    work.resolve("s.sock").toString());
            assertThat(onboard.exit()).as(onboard.all()).isZero();
            assertThat(onboard.out())
                    .contains("wrote the profile config " + cli.stateDir().resolve("profiles/default.json"))
                    .contains("the daemon is ready (pid ")
                    .contains("onboarding of profile 'default' done; daemon profile installed; daemon running");
            assertThat(cli.stateDir().resolve("systemd/tau-coding-agent.service"))
                    .exists();
            JsonObject status = cli.status(".tau/daemon");
            assertThat(status.getBoolean("running")).as(status.encodePrettily()).isTrue();
            assertThat(status.getBoolean("ready")).isTrue();
            assertThat(status.getString("profile")).isEqualTo("systemd");
            assertThat(status.getBoolean("healthy")).isTrue();
            DaemonCli.Result stop = cli.run("--daemon-stop");
            assertThat(stop.exit()).as(stop.all()).isZero();
            assertThat(cli.status(".tau/daemon").getBoolean("running")).isFalse();
        }
    }
}
