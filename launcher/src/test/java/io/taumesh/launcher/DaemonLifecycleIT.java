package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.TestClusters;
import io.taumesh.launcher.daemon.HostTools;
import io.taumesh.launcher.daemon.UnitFile;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runbook 004 with {@code ./tau-mesh}'s jar: profiles, the lifecycle of one daemon (started twice in all), the
 * heartbeat and self-repair it runs, and each diagnostics code reproduced and then cleared by its remedy.
 */
@DisplayName("Daemon lifecycle (runbook 004)")
class DaemonLifecycleIT {

    static final String D = ".tau/daemon";

    @TempDir
    Path work;

    private DaemonCli cli;
    private List<String> mesh;

    @BeforeEach
    void setUp() {
        cli = new DaemonCli(work);
        mesh = List.of(
                "--cluster-name",
                TestClusters.uniqueName("daemon"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--dashboard-path",
                work.resolve("s.sock").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        cli.close();
    }

    private String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(mesh);
        return all.toArray(String[]::new);
    }

    private Path d() {
        return work.resolve(D);
    }

    private static List<String> codes(JsonObject status) {
        return status.getJsonArray("diagnostics").stream()
                .map(d -> ((JsonObject) d).getString("code"))
                .toList();
    }

    private static JsonObject diagnostic(JsonObject status, String code) {
        return status.getJsonArray("diagnostics").stream()
                .map(JsonObject.class::cast)
                .filter(d -> d.getString("code").equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no diagnostic " + code + " in " + status.encodePrettily()));
    }

    private void assertHealthy(JsonObject status) {
        assertThat(codes(status)).as(status.encodePrettily()).isEmpty();
        assertThat(status.getInteger("exit")).isZero();
        assertThat(status.getBoolean("healthy")).isTrue();
    }

    @Test
    @Timeout(240)
    @DisplayName(
            "install writes a systemd user unit and a supervisor unit that systemd-analyze accepts; launchd is refused on Linux; "
                    + "service_file_missing and executable_missing are reported and cleared by a reinstall; uninstall removes the files")
    void profiles() throws Exception {
        DaemonCli.Result install =
                cli.run(with("--daemon-install", "--daemon-profile", "auto", "--daemon-state-dir", D));
        assertThat(install.exit()).as(install.all()).isZero();
        Path unit = d().resolve("systemd/tau-coding-agent.service");
        Path supervisorUnit = d().resolve("systemd/supervisor.service");
        assertThat(install.out())
                .contains("wrote " + unit)
                .contains("wrote " + supervisorUnit)
                .contains("systemctl --user enable --now");

        UnitFile parsed = UnitFile.read(unit);
        List<String> exec = parsed.execStart();
        assertThat(exec.get(0)).isEqualTo(TauMeshLauncherIT.java());
        assertThat(exec)
                .containsSubsequence(
                        "-jar",
                        TauMeshLauncherIT.LAUNCHER.toAbsolutePath().normalize().toString(),
                        "--daemon-run",
                        "--daemon-state-dir",
                        d().toString());
        assertThat(exec)
                .containsSubsequence(
                        "--gateway-state-dir", work.resolve(".tau/gateway").toString())
                .containsSubsequence("--cluster-name", mesh.get(1));
        assertThat(parsed.value("WorkingDirectory")).isEqualTo(work.toString());
        assertThat(parsed.value("KillMode")).isEqualTo("mixed");
        assertThat(parsed.environment()).containsEntry("TAU_DAEMON_STATE_DIR", d().toString());
        assertThat(UnitFile.read(supervisorUnit).value("SyslogIdentifier")).isEqualTo("supervisor");

        Optional<Path> analyze =
                HostTools.forStep("systemd-analyze", "systemd", "DaemonLifecycleIT.profiles: systemd-analyze verify");
        if (analyze.isPresent()) {
            assertVerified(List.of(analyze.get().toString(), "--user", "verify", unit.toString()));
            assertVerified(List.of(analyze.get().toString(), "verify", supervisorUnit.toString()));
        }

        JsonObject state = cli.stateJson(d());
        assertThat(state.getString("profile")).isEqualTo("systemd");
        assertThat(state.getString("state")).isEqualTo("stopped");
        assertThat(state.getJsonObject("install").getJsonArray("files").getList())
                .containsExactly(unit.toString(), supervisorUnit.toString());
        assertThat(state.getJsonObject("heartbeat").getLong("interval_ms")).isEqualTo(5000);
        assertHealthy(cli.status(D));

        // profile_not_supported_on_host: launchd on Linux; the remedy is auto.
        DaemonCli.Result launchd =
                cli.run(with("--daemon-install", "--daemon-profile", "launchd", "--daemon-state-dir", D));
        assertThat(launchd.exit()).as(launchd.all()).isEqualTo(1);
        assertThat(launchd.err())
                .contains("tau-mesh: profile_not_supported_on_host: the launchd profile is not supported on Linux; "
                        + "this host's profile is systemd")
                .contains("tau-mesh: remedy: use --daemon-profile auto");
        assertThat(d().resolve("launchd")).doesNotExist();
        assertThat(cli.run(with("--daemon-install", "--daemon-profile", "auto", "--daemon-state-dir", D))
                        .exit())
                .isZero();
        assertHealthy(cli.status(D));

        // service_file_missing: the unit went away; the remedy is a reinstall.
        Files.delete(unit);
        JsonObject missing = cli.status(D);
        assertThat(missing.getInteger("exit")).isEqualTo(1);
        assertThat(codes(missing)).containsExactly("service_file_missing");
        assertThat(diagnostic(missing, "service_file_missing").getString("message"))
                .contains(unit + " is missing");
        assertThat(diagnostic(missing, "service_file_missing").getString("remedy"))
                .contains("--daemon-install");
        DaemonCli.Result text = cli.run("--daemon-status", "--daemon-state-dir", D);
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("diagnostic: service_file_missing: ").contains("remedy:   re-run install");
        assertThat(cli.run(with("--daemon-install", "--daemon-state-dir", D)).exit())
                .isZero();
        assertHealthy(cli.status(D));

        // executable_missing: installed from a launcher that is gone since; the remedy is a rebuild and a reinstall.
        Path copy = Files.copy(
                TauMeshLauncherIT.LAUNCHER,
                Files.createDirectories(work.resolve("old-build")).resolve("tau-mesh.jar"));
        assertThat(cli.runJar(copy, with("--daemon-install", "--daemon-state-dir", D))
                        .exit())
                .isZero();
        Files.delete(copy);
        JsonObject noExecutable = cli.status(D);
        assertThat(codes(noExecutable)).containsExactly("executable_missing");
        assertThat(diagnostic(noExecutable, "executable_missing").getString("message"))
                .contains("the launcher jar " + copy + " is missing");
        assertThat(diagnostic(noExecutable, "executable_missing").getString("remedy"))
                .contains("--daemon-install");
        assertThat(cli.run(with("--daemon-install", "--daemon-state-dir", D)).exit())
                .isZero();
        assertHealthy(cli.status(D));
        assertThat(UnitFile.read(unit).execStart())
                .contains(
                        TauMeshLauncherIT.LAUNCHER.toAbsolutePath().normalize().toString());

        DaemonCli.Result uninstall = cli.run("--daemon-uninstall", "--daemon-state-dir", D);
        assertThat(uninstall.exit()).as(uninstall.all()).isZero();
        assertThat(uninstall.out()).contains("removed " + unit).contains("removed " + supervisorUnit);
        assertThat(d().resolve("systemd")).doesNotExist();
        assertThat(cli.status(D).getString("profile")).isNull();
        assertThat(cli.run("--daemon-uninstall", "--daemon-state-dir", D).out())
                .contains("no daemon profile is installed");
    }

    private static void assertVerified(List<String> command) throws Exception {
        Path runtime = Files.createTempDirectory("tau-verify-runtime");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(command + "\n" + output).isZero();
        assertThat(output).as(command + ": warnings").isBlank();
    }

    @Test
    @Timeout(120)
    @DisplayName(
            "state_dir_not_writable: a state dir that cannot be created or written is refused by every command, and reported "
                    + "until its permissions or parents are fixed")
    void stateDirNotWritable() throws Exception {
        Files.writeString(work.resolve("blocker"), "a file where a directory belongs");
        String dir = "blocker/daemon";
        for (String command : List.of("--daemon-install", "--daemon-start", "--daemon-stop")) {
            DaemonCli.Result refused = cli.run(with(command, "--daemon-state-dir", dir));
            assertThat(refused.exit()).as(command + "\n" + refused.all()).isEqualTo(1);
            assertThat(refused.err())
                    .contains("tau-mesh: state_dir_not_writable: ")
                    .contains("tau-mesh: remedy: check the permissions and ownership of " + work.resolve(dir));
        }
        JsonObject status = cli.status(dir);
        assertThat(codes(status)).containsExactly("state_dir_not_writable");
        assertThat(diagnostic(status, "state_dir_not_writable").getString("message"))
                .contains("blocker is not a directory");

        if (!"root".equals(System.getProperty("user.name"))) {
            // Permissions, for an account they bind (root's writes ignore them).
            Path readOnly = Files.createDirectories(work.resolve("read-only"));
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
            DaemonCli.Result refused = cli.run(with("--daemon-install", "--daemon-state-dir", "read-only"));
            assertThat(refused.err()).contains("state_dir_not_writable: cannot write in " + readOnly);
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
            assertThat(cli.run(with("--daemon-install", "--daemon-state-dir", "read-only"))
                            .exit())
                    .isZero();
        }

        // The remedy: the parent is made the directory it should be.
        Files.delete(work.resolve("blocker"));
        Files.createDirectories(work.resolve("blocker"));
        assertHealthy(cli.status(dir));
        assertThat(cli.run(with("--daemon-install", "--daemon-state-dir", dir)).exit())
                .isZero();
    }

    @Test
    @Timeout(300)
    @DisplayName(
            "start detaches and returns once ready, twice is one daemon, a stale or reused pid is never taken for it, the heartbeat "
                    + "restarts a stuck runner then gives up and sweeps an orphan, a missing pid file is reconciled by stop then start, and stop "
                    + "records its reason")
    void lifecycle() throws Exception {
        Path stateFile = d().resolve("state.json");
        Path pidFile = d().resolve("daemon.pid");
        Files.createDirectories(d());

        // A start that fails says why, and is recorded failed.
        DaemonCli.Result failed = cli.run(with("--daemon-start", "--supervisor-config", "missing.json"));
        assertThat(failed.exit()).as(failed.all()).isEqualTo(1);
        assertThat(failed.err())
                .contains(
                        "tau-mesh: the daemon did not start: exited with 1 before it was ready: tau-mesh: cannot start:")
                .contains("missing.json");
        assertThat(cli.stateJson(d()).getString("state")).isEqualTo("failed");
        assertThat(pidFile).doesNotExist();

        // A pid file left by a daemon that died, and a pid the kernel has given to another program since.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        plantRunning(gone.pid());
        JsonObject dead = cli.status(D);
        assertThat(dead.getBoolean("running")).isFalse();
        assertThat(dead.getString("process")).isEqualTo("pid " + gone.pid() + " is not running");
        assertThat(dead.getJsonArray("notes").encode()).contains("stale pid file");
        Process other = new ProcessBuilder("sleep", "300").start();
        try {
            plantRunning(other.pid());
            assertThat(cli.status(D).getString("process"))
                    .contains("pid " + other.pid() + " is another program now: ")
                    .contains("sleep 300");
            DaemonCli.Result stopOther = cli.run("--daemon-stop");
            assertThat(stopOther.exit()).as(stopOther.all()).isZero();
            assertThat(stopOther.out())
                    .contains("the daemon was not running (pid " + other.pid() + " is another program now");
            assertThat(other.isAlive()).as("another program is never signalled").isTrue();
            assertThat(cli.stateJson(d()).getString("state")).isEqualTo("stopped");
            assertThat(pidFile).doesNotExist();

            // The start, as runbook 004's example gives it, with the heartbeat tightened for the test, a runner that
            // never
            // cycles (its interval 0: work stays queued), an orphan build and a fresh one.
            Files.writeString(pidFile, other.pid() + "\n");
            Path builds = Files.createDirectories(work.resolve(".tau/tool-builds"));
            Path orphan = Files.writeString(builds.resolve("probe-build.bin"), "left behind");
            Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path fresh = Files.writeString(builds.resolve("fresh.bin"), "in use");
            DaemonCli.Result start = cli.run(with(
                    "--daemon-start",
                    "--runtime-heartbeat-enabled=true",
                    "--runtime-heartbeat-interval-ms",
                    "300",
                    "--runtime-heartbeat-state-path",
                    ".tau/runtime-heartbeat/state.json",
                    "--runtime-self-repair-enabled=true",
                    "--runtime-self-repair-timeout-ms",
                    "1500",
                    "--runtime-self-repair-max-retries",
                    "2",
                    "--runtime-self-repair-tool-builds-dir",
                    ".tau/tool-builds",
                    "--runtime-self-repair-orphan-max-age-seconds",
                    "3600",
                    "--gateway-fixture",
                    TauMeshLauncherIT.fixture("gateway", "healthy.json"),
                    "--gateway-cycle-interval-ms",
                    "0"));
            assertThat(start.exit()).as(start.all()).isZero();
            assertThat(start.out())
                    .contains("removing a stale pid file: pid " + other.pid() + " is another program now")
                    .contains("the daemon is ready (pid ");
            assertThat(other.isAlive()).isTrue();

            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
            assertThat(daemon.parent().map(ProcessHandle::pid))
                    .as("detached: not a child of the command that started it")
                    .isNotEqualTo(Optional.of(ProcessHandle.current().pid()));
            JsonObject running = cli.status(D);
            assertHealthy(running);
            assertThat(running.getBoolean("running")).isTrue();
            assertThat(running.getBoolean("ready")).isTrue();
            assertThat(running.getLong("pid")).isEqualTo(pid);
            assertThat(running.getString("state")).isEqualTo("running");
            assertThat(running.getJsonObject("last_transition").getString("reason"))
                    .isEqualTo("mesh_ready");
            // The stuck gateway may be in one of its self-repair restarts at this moment: readiness comes back each
            // time.
            Awaitility.await("readiness")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> MeshHttp.get(running.getString("ops_url") + "/readiness")
                                    .statusCode()
                            == 200);
            JsonObject state = cli.stateJson(d());
            assertThat(state.getLong("process_start_unix_ms")).isNotNull();
            assertThat(state.getString("started_at")).isNotNull();
            JsonObject heartbeat = state.getJsonObject("heartbeat");
            assertThat(heartbeat.getLong("interval_ms")).isEqualTo(300);
            assertThat(heartbeat.getString("state_path"))
                    .isEqualTo(work.resolve(".tau/runtime-heartbeat/state.json").toString());
            assertThat(heartbeat.getJsonObject("self_repair").getLong("timeout_ms"))
                    .isEqualTo(1500);
            assertThat(heartbeat.getJsonObject("self_repair").getInteger("max_retries"))
                    .isEqualTo(2);
            assertThat(heartbeat.getJsonObject("self_repair").getLong("orphan_max_age_seconds"))
                    .isEqualTo(3600);
            assertThat(Files.readString(d().resolve("daemon.log"))).contains("tau-mesh: ready;");

            // Starting twice is one daemon.
            DaemonCli.Result again = cli.run(with("--daemon-start"));
            assertThat(again.exit()).as(again.all()).isZero();
            assertThat(again.out()).contains("the daemon already runs (pid " + pid);
            assertThat(Long.parseLong(Files.readString(pidFile).trim())).isEqualTo(pid);

            // The heartbeat: queues, events, jobs; the stuck gateway restarted twice, then given up on; the orphan
            // gone.
            Path heartbeatFile = work.resolve(".tau/runtime-heartbeat/state.json");
            JsonObject beat = awaitHeartbeat(
                    heartbeatFile,
                    s -> repair(s, "gateway").getBoolean("gave_up")
                            && s.getJsonObject("self_repair")
                                            .getJsonObject("orphans")
                                            .getLong("removed_total")
                                    >= 1);
            assertThat(repair(beat, "gateway").getInteger("restarts")).isEqualTo(2);
            assertThat(beat.getString("status")).isEqualTo("degraded");
            assertThat(beat.getLong("pid")).isEqualTo(pid);
            JsonObject gatewayQueue = beat.getJsonArray("queues").stream()
                    .map(JsonObject.class::cast)
                    .filter(q -> q.getString("runtime").equals("gateway"))
                    .findFirst()
                    .orElseThrow();
            assertThat(gatewayQueue.getInteger("queue_depth")).isPositive();
            assertThat(beat.getJsonObject("jobs").getJsonArray("children").stream()
                            .map(JsonObject.class::cast)
                            .filter(c -> c.getString("id").equals("gateway"))
                            .findFirst()
                            .orElseThrow()
                            .getInteger("restart_count"))
                    .isEqualTo(2);
            assertThat(orphan).doesNotExist();
            assertThat(fresh).exists();
            String log = Files.readString(d().resolve("daemon.log"));
            assertThat(log)
                    .contains("self-repair: gateway runner stuck: ")
                    .contains("restart 2 of 2: restarting it through the supervisor")
                    .contains("self-repair: gateway runner: gave up after 2 restarts")
                    .contains("removed orphaned tool build " + orphan);
            JsonObject withHeartbeat = cli.status(D);
            assertThat(withHeartbeat.getJsonObject("heartbeat").getString("status"))
                    .isEqualTo("degraded");
            assertThat(withHeartbeat
                            .getJsonObject("heartbeat")
                            .getJsonArray("reasons")
                            .encode())
                    .contains("gateway: gave up after 2 restarts");

            // pid_file_missing_for_running_state: reported, start refuses, and stop then start reconciles.
            Files.delete(pidFile);
            JsonObject noPid = cli.status(D);
            assertThat(codes(noPid)).containsExactly("pid_file_missing_for_running_state");
            assertThat(diagnostic(noPid, "pid_file_missing_for_running_state").getString("remedy"))
                    .contains("--daemon-stop --daemon-state-dir " + d())
                    .contains("then ./tau-mesh --daemon-start");
            DaemonCli.Result refused = cli.run(with("--daemon-start"));
            assertThat(refused.exit()).as(refused.all()).isEqualTo(1);
            assertThat(refused.err())
                    .contains("tau-mesh: pid_file_missing_for_running_state: ")
                    .contains("tau-mesh: remedy: reconcile");
            DaemonCli.Result reconcile = cli.run("--daemon-stop");
            assertThat(reconcile.exit()).as(reconcile.all()).isZero();
            assertThat(reconcile.out())
                    .contains("daemon.pid is missing; stopping the daemon state.json records (pid " + pid + ")");
            assertThat(daemon.isAlive()).isFalse();
            DaemonCli.Result restart = cli.run(with("--daemon-start"));
            assertThat(restart.exit()).as(restart.all()).isZero();
            long second = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(second).isNotEqualTo(pid);
            assertHealthy(cli.status(D));

            // Stop records the reason; the mesh stopped cleanly; stopping again is nothing to do.
            ProcessHandle secondDaemon = ProcessHandle.of(second).orElseThrow();
            List<ProcessHandle> underIt = secondDaemon.descendants().toList();
            DaemonCli.Result stop =
                    cli.run("--daemon-stop", "--daemon-stop-reason", "maintenance_window", "--daemon-state-dir", D);
            assertThat(stop.exit()).as(stop.all()).isZero();
            assertThat(stop.out()).contains("the daemon stopped (pid " + second + ", reason maintenance_window)");
            assertThat(secondDaemon.isAlive()).isFalse();
            assertThat(underIt).as("its children").noneMatch(ProcessHandle::isAlive);
            assertThat(pidFile).doesNotExist();
            JsonObject stopped = cli.stateJson(d());
            assertThat(stopped.getString("state")).isEqualTo("stopped");
            assertThat(stopped.getJsonObject("last_transition").getString("from"))
                    .isEqualTo("stopping");
            assertThat(stopped.getJsonObject("last_transition").getString("reason"))
                    .isEqualTo("maintenance_window");
            assertThat(stopped.getString("ops_url")).isNull();
            List<String> logLines = Files.readAllLines(d().resolve("daemon.log"));
            // The shutdown's last phase, then the node's last line; a member leaving meanwhile (its relay) may log
            // between.
            assertThat(String.join("\n", logLines.subList(Math.max(0, logLines.size() - 6), logLines.size())))
                    .contains("ShutdownPhase::Completed")
                    .endsWith("tau-mesh: stopped");
            assertThat(work.resolve("s.sock")).doesNotExist();
            DaemonCli.Result twice = cli.run("--daemon-stop");
            assertThat(twice.exit()).isZero();
            assertThat(twice.out()).contains("the daemon is not running (stopped); nothing to stop");
            assertThat(cli.stateJson(d()).getJsonObject("last_transition").getString("reason"))
                    .isEqualTo("maintenance_window");
            assertThat(Files.readString(stateFile)).doesNotContain("\"running\"");
        } finally {
            other.destroyForcibly();
        }
    }

    /** A state dir as a daemon that is gone leaves it: state running, its pid in the pid file. */
    private void plantRunning(long pid) throws Exception {
        Files.writeString(d().resolve("daemon.pid"), pid + "\n");
        JsonObject state = Files.exists(d().resolve("state.json"))
                ? cli.stateJson(d())
                : new JsonObject().put("schema_version", 1);
        Files.writeString(
                d().resolve("state.json"),
                state.put("state", "running")
                        .put("pid", pid)
                        .putNull("process_start_unix_ms")
                        .encodePrettily());
    }

    private static JsonObject repair(JsonObject heartbeat, String runtime) {
        return heartbeat.getJsonObject("self_repair").getJsonArray("runners").stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getString("runtime").equals(runtime))
                .findFirst()
                .orElseThrow();
    }

    private static JsonObject awaitHeartbeat(Path file, Predicate<JsonObject> condition) {
        return Awaitility.await("heartbeat " + file)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> Files.exists(file) ? new JsonObject(Files.readString(file)) : null,
                        s -> s != null && condition.test(s));
    }
}
