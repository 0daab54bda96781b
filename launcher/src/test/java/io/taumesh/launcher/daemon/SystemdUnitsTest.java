package io.taumesh.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("systemd units of the daemon")
class SystemdUnitsTest {

    @TempDir
    Path work;

    @Test
    @DisplayName("the unit runs exactly the daemon's command, with its environment, whatever the words hold")
    void commandRoundTrip() throws Exception {
        DaemonLaunch launch = DaemonTestLaunch.of(work);
        DaemonPaths paths = new DaemonPaths(work.resolve("daemon"));
        Path unit =
                Files.writeString(work.resolve("tau-coding-agent.service"), SystemdUnits.userUnit(launch, paths, null));
        UnitFile parsed = UnitFile.read(unit);
        assertThat(parsed.execStart()).isEqualTo(launch.command(paths));
        assertThat(parsed.environment()).isEqualTo(launch.environment());
        assertThat(parsed.value("WorkingDirectory")).isEqualTo(work.toString());
        assertThat(parsed.value("KillMode")).isEqualTo("mixed");
        assertThat(parsed.value("KillSignal")).isEqualTo("SIGTERM");
        assertThat(parsed.value("Restart")).isEqualTo("on-failure");
        assertThat(parsed.value("Type")).isEqualTo("exec");
        assertThat(parsed.execStart())
                .containsSubsequence(
                        "--daemon-run", "--daemon-state-dir", paths.dir().toString());
    }

    @Test
    @DisplayName("the supervisor unit shipped in deploy/systemd runs the daemon with the crash options of CrashFiles")
    void shippedUnit() throws Exception {
        UnitFile shipped = UnitFile.read(
                Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/systemd/supervisor.service"));
        List<String> words = shipped.execStart();
        assertThat(words.subList(1, 6)).isEqualTo(CrashFiles.jvmOptions(Path.of("/tmp")));
        assertThat(words)
                .containsSubsequence("-jar", "/opt/tau-mesh/tau-mesh.jar", "--daemon-run", "--daemon-state-dir");
        assertThat(shipped.value("KillMode")).isEqualTo("mixed");
        assertThat(shipped.value("SyslogIdentifier")).isEqualTo("supervisor");
    }

    @Test
    @DisplayName("both units pass systemd-analyze verify, and so does the supervisor unit shipped in deploy/systemd")
    void verify() throws Exception {
        Path analyze = HostTools.require("systemd-analyze", "systemd", "SystemdUnitsTest.verify");
        // A real executable and jar: verify checks that ExecStart's program exists.
        DaemonLaunch launch = DaemonTestLaunch.of(work);
        DaemonPaths paths = new DaemonPaths(work.resolve("daemon"));
        Path userUnit =
                Files.writeString(work.resolve(DaemonPaths.SYSTEMD_UNIT), SystemdUnits.userUnit(launch, paths, null));
        Path systemUnit = Files.writeString(
                work.resolve(DaemonPaths.SUPERVISOR_UNIT),
                SystemdUnits.supervisorUnit(launch, paths, null, System.getProperty("user.name")));
        Path runtimeDir = Files.createDirectories(work.resolve("runtime"));
        assertVerified(List.of(analyze.toString(), "--user", "verify", userUnit.toString()), runtimeDir);
        assertVerified(List.of(analyze.toString(), "verify", systemUnit.toString()), runtimeDir);
        Path shipped = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy/systemd/supervisor.service");
        Path copy = Files.copy(
                shipped, Files.createDirectories(work.resolve("shipped")).resolve("supervisor.service"));
        assertVerified(List.of(analyze.toString(), "verify", copy.toString()), runtimeDir);
    }

    private static void assertVerified(List<String> command, Path runtimeDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // A user manager needs a runtime dir; the test provides one of its own.
        builder.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(command + ":\n" + output).isZero();
        assertThat(output).as(command + ": warnings").isBlank();
    }
}
