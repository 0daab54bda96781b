package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.taumesh.core.testing.TestClusters;
import io.taumesh.launcher.daemon.CrashFiles;
import io.taumesh.launcher.daemon.HostTools;
import io.taumesh.launcher.daemon.UnitFile;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runbook 002's shell steps, at the operating-system level: {@code pgrep -x supervisor} and {@code pgrep -x relay},
 * the supervisor unit as systemd runs it (its log ending with {@code ShutdownPhase::Completed} after a planned stop),
 * a thread dump of a live supervisor, the crash file and Panic line of an unexpected death, and the restart with
 * {@code supervisor_quickstart}, ready within 30 s.
 */
@DisplayName("Runbook 002 at the operating-system level")
class Runbook002OsIT {

    static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private List<String> meshFlags() {
        return List.of(
                "--cluster-name",
                TestClusters.uniqueName("os"),
                "--cluster-port",
                "0",
                "--cluster-members",
                "none",
                "--dashboard-path",
                work.resolve("supervisor.sock").toString(),
                "--runtime-heartbeat-enabled=false");
    }

    /** A process as a service manager starts it: a session of its own, no terminal, its output in one log ("the journal"). */
    private Process startDetached(List<String> command, Path dir, Map<String, String> env, Path log)
            throws IOException {
        List<String> full = new ArrayList<>(List.of("setsid"));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(dir.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Matcher awaitLog(Path log, Pattern pattern, Process process) {
        Matcher[] found = {null};
        Awaitility.await("/" + pattern + "/ in " + log)
                .atMost(START)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    for (String line : Files.readAllLines(log)) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            found[0] = m;
                            return true;
                        }
                    }
                    if (!process.isAlive()) {
                        throw new AssertionError("exited with " + process.exitValue() + " before /" + pattern + "/:\n"
                                + Files.readString(log));
                    }
                    return false;
                });
        return found[0];
    }

    record Run(int exit, String out) {}

    private static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** The pids {@code pgrep -x NAME} lists (other meshes on this host may be among them). */
    private static List<Long> pgrep(String name) throws Exception {
        Run r = run("pgrep", "-x", name);
        assertThat(r.exit()).as("pgrep -x " + name + ": " + r.out()).isIn(0, 1);
        return r.out().lines().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
    }

    /**
     * The relay's JVM: the one process under the supervisor that {@code pgrep -x relay} finds, once its JVM has
     * started far enough to name itself.
     */
    private static long relayOf(ProcessHandle supervisor) {
        List<List<Long>> seen = new ArrayList<>();
        Awaitility.await("pgrep -x relay among the supervisor's processes")
                .atMost(START)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<Long> relays = pgrep("relay");
                    seen.add(supervisor
                            .descendants()
                            .map(ProcessHandle::pid)
                            .filter(relays::contains)
                            .toList());
                    return seen.get(seen.size() - 1).size() == 1;
                });
        return seen.get(seen.size() - 1).get(0);
    }

    private static List<String> lastLines(Path log, int n) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    @Test
    @Timeout(240)
    @DisplayName(
            "the supervisor unit, run as systemd runs it: pgrep -x supervisor and relay find it, ps -f shows its command line, "
                    + "the socket is 0600, jcmd takes a thread dump, a killed relay comes back, and SIGTERM to it alone ends the log with "
                    + "ShutdownPhase::Completed")
    void supervisorUnit() throws Exception {
        Path jcmd = HostTools.require("jcmd", "openjdk-17-jdk-headless", "Runbook002OsIT.supervisorUnit");
        DaemonCli cli = new DaemonCli(work);
        List<String> install = new ArrayList<>(List.of("--daemon-install"));
        install.addAll(meshFlags());
        DaemonCli.Result installed = cli.run(install.toArray(String[]::new));
        assertThat(installed.exit()).as(installed.all()).isZero();
        UnitFile unit = UnitFile.read(cli.stateDir().resolve("systemd/supervisor.service"));
        assertThat(unit.value("KillMode")).isEqualTo("mixed");

        Path journal = work.resolve("journal.log");
        Map<String, String> env = new HashMap<>(unit.environment());
        env.put("INVOCATION_ID", "0123456789abcdef0123456789abcdef");
        Process supervisor = startDetached(unit.execStart(), Path.of(unit.value("WorkingDirectory")), env, journal);
        try {
            awaitLog(journal, Pattern.compile("tau-mesh: ready;"), supervisor);
            awaitLog(journal, Pattern.compile("child relay started"), supervisor);
            Path socket = work.resolve("supervisor.sock");
            Awaitility.await("the relay's socket").atMost(START).until(() -> Files.exists(socket));

            // Step 1 of P1-001: pgrep -x supervisor exits 0 and lists it; ps -f shows the real command line.
            Run pgrep = run("pgrep", "-x", "supervisor");
            assertThat(pgrep.exit()).isZero();
            assertThat(pgrep.out().lines().map(Long::parseLong).toList()).contains(supervisor.pid());
            assertThat(run("ps", "-o", "comm=", "-p", String.valueOf(supervisor.pid()))
                            .out()
                            .trim())
                    .isEqualTo("supervisor");
            String args =
                    run("ps", "-f", "-p", String.valueOf(supervisor.pid())).out();
            assertThat(args)
                    .contains(TauMeshLauncherIT.java())
                    .contains("tau-mesh.jar --daemon-run --daemon-state-dir " + cli.stateDir());

            // P1-003 steps 1 and 2: the socket with its permissions, the relay process.
            assertThat(run("ls", "-la", socket.toString()).out()).startsWith("srw-------");
            long relay = relayOf(supervisor.toHandle());
            assertThat(run("ps", "-o", "comm=", "-p", String.valueOf(relay))
                            .out()
                            .trim())
                    .isEqualTo("relay");

            // The backtrace of a live supervisor (docs/supervisor.md): a thread dump, and the supervisor goes on.
            Run dump = run(jcmd.toString(), String.valueOf(supervisor.pid()), "Thread.print");
            assertThat(dump.exit()).as(dump.out()).isZero();
            assertThat(dump.out())
                    .contains("Full thread dump")
                    .contains("\"vert.x-eventloop-thread-0\"")
                    .contains("\"main\"");
            assertThat(supervisor.isAlive()).isTrue();
            // The same dump into its own log, the journal.
            assertThat(run("kill", "-QUIT", String.valueOf(supervisor.pid())).exit())
                    .isZero();
            awaitLog(journal, Pattern.compile("^Full thread dump"), supervisor);
            assertThat(supervisor.isAlive()).isTrue();

            // P1-003 step 3: kill -TERM <relay_pid>, and the supervisor starts a new one.
            assertThat(run("kill", "-TERM", String.valueOf(relay)).exit()).isZero();
            long[] next = {0};
            Awaitility.await("a new relay").atMost(START).until(() -> {
                List<Long> relays = pgrep("relay");
                next[0] = supervisor
                        .toHandle()
                        .descendants()
                        .map(ProcessHandle::pid)
                        .filter(relays::contains)
                        .findFirst()
                        .orElse(0L);
                return next[0] != 0 && next[0] != relay && Files.exists(socket);
            });

            // systemctl stop with KillMode=mixed: SIGTERM to the main process alone.
            List<ProcessHandle> under = supervisor.toHandle().descendants().toList();
            int beforeStop = Files.readAllLines(journal).size();
            assertThat(run("kill", "-TERM", String.valueOf(supervisor.pid())).exit())
                    .isZero();
            assertThat(supervisor.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(supervisor.exitValue()).as(Files.readString(journal)).isZero();
            assertThat(under).as("processes under the supervisor").noneMatch(ProcessHandle::isAlive);
            // The supervisor's last line is ShutdownPhase::Completed, the node's is "stopped"; between them only the
            // cluster layer may speak (a member leaving as the node stops).
            List<String> lines = Files.readAllLines(journal);
            int completed = lines.lastIndexOf(lines.stream()
                    .filter(l -> l.contains("ShutdownPhase::Completed"))
                    .reduce((a, b) -> b)
                    .orElse("no ShutdownPhase::Completed line"));
            assertThat(completed).as(Files.readString(journal)).isGreaterThanOrEqualTo(beforeStop);
            assertThat(lines.get(lines.size() - 1)).isEqualTo("tau-mesh: stopped");
            assertThat(lines.subList(completed + 1, lines.size() - 1))
                    .as("between the last phase and the stop")
                    .allMatch(l -> l.contains(" io.taumesh.core.cluster."));
            assertThat(pgrep("supervisor")).doesNotContain(supervisor.pid());
            assertThat(pgrep("relay")).doesNotContain(next[0]);
            List<String> stopLines = Files.readAllLines(journal);
            QuietStopIT.assertQuiet("the journal of the stop", stopLines.subList(beforeStop, stopLines.size()));
            assertThat(cli.stateJson(cli.stateDir())
                            .getJsonObject("last_transition")
                            .getString("reason"))
                    .isEqualTo("sigterm");
            assertThat(Files.readString(journal)).doesNotContain("SIGKILL");
        } finally {
            supervisor.destroyForcibly();
            cli.close();
        }
    }

    @Test
    @Timeout(240)
    @DisplayName(
            "./tau-mesh killed by SIGSEGV leaves its error file in TAU_CRASH_DIR and a Panic line naming the signal; "
                    + "--example supervisor_quickstart is ready within 30 s; an uncaught error ends it with a Panic line naming the cause")
    void crashAndRestart() throws Exception {
        Path crashDir = Files.createDirectories(work.resolve("crash"));
        Map<String, String> env = Map.of(CrashFiles.ENV, crashDir.toString());
        String script = TauMeshLauncherIT.repoRoot().resolve("tau-mesh").toString();
        List<String> flags = meshFlags();

        List<String> mesh = new ArrayList<>(List.of("bash", script));
        mesh.addAll(flags);
        Path firstLog = work.resolve("first.log");
        Process first = startDetached(mesh, work, env, firstLog);
        try {
            awaitLog(firstLog, Pattern.compile("child relay started"), first);
            assertThat(pgrep("supervisor")).contains(first.pid());
            long relay = relayOf(first.toHandle());
            assertThat(run("kill", "-SEGV", String.valueOf(first.pid())).exit()).isZero();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(134);
            Path errorFile = CrashFiles.errorFile(crashDir, first.pid());
            assertThat(errorFile).exists();
            assertThat(Files.readString(errorFile)).contains("SIGSEGV").contains("--cluster-name");
            assertThat(lastLines(firstLog, 1).get(0))
                    .as(Files.readString(firstLog))
                    .startsWith("Panic: JVM fatal error: SIGSEGV");
            // The relay goes with its supervisor: its wrapper's pipe closed.
            ProcessHandle.of(relay)
                    .ifPresent(p ->
                            Awaitility.await("the relay ends").atMost(START).until(() -> !p.isAlive()));
        } finally {
            first.destroyForcibly();
        }

        List<String> quickstart = new ArrayList<>(List.of("bash", script, "--example", "supervisor_quickstart"));
        quickstart.addAll(flags);
        Path secondLog = work.resolve("second.log");
        Process second = startDetached(quickstart, work, env, secondLog);
        try {
            Matcher ready = awaitLog(
                    secondLog,
                    Pattern.compile("supervisor_quickstart: health.status == \"ready\" after (\\d+\\.\\d) s"),
                    second);
            double seconds = Double.parseDouble(ready.group(1));
            System.out.println("supervisor_quickstart ready after " + seconds + " s");
            assertThat(seconds).isLessThanOrEqualTo(30.0);
            awaitLog(secondLog, Pattern.compile("supervisor_quickstart: \\{.*\"status\":\"ready\""), second);
            awaitLog(secondLog, Pattern.compile("child relay started"), second);
            long relay = relayOf(second.toHandle());

            // An error that nothing in the mesh catches: the supervisor says Panic, naming it, and exits 70.
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(second.pid()));
            try {
                vm.loadAgent(agentJar().toString());
            } finally {
                vm.detach();
            }
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(Files.readString(secondLog)).isEqualTo(70);
            assertThat(lastLines(secondLog, 1).get(0))
                    .as(Files.readString(secondLog))
                    .contains("Panic: IllegalStateException: " + FaultAgent.MESSAGE + " (uncaught on thread "
                            + FaultAgent.THREAD + "); exiting with 70");
            assertThat(Files.readString(secondLog)).contains("at io.taumesh.launcher.FaultAgent");
            ProcessHandle.of(relay)
                    .ifPresent(p ->
                            Awaitility.await("the relay ends").atMost(START).until(() -> !p.isAlive()));
        } finally {
            second.destroyForcibly();
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("./tau-mesh gives the JVM the same crash options as the daemon's profiles, in TAU_CRASH_DIR")
    void scriptCrashOptions() throws Exception {
        Path fakeJdk = Files.createDirectories(work.resolve("fake-jdk/bin"));
        Path java = Files.writeString(
                fakeJdk.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        ProcessBuilder builder = new ProcessBuilder(
                "bash", TauMeshLauncherIT.repoRoot().resolve("tau-mesh").toString(), "--version");
        builder.environment().put("JAVA_HOME", work.resolve("fake-jdk").toString());
        builder.environment().put(CrashFiles.ENV, "/var/crash/tau");
        Process p = builder.redirectErrorStream(true).start();
        List<String> args = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(args.subList(0, 5))
                .as(String.join("\n", args))
                .isEqualTo(CrashFiles.jvmOptions(Path.of("/var/crash/tau")));
        assertThat(args.subList(args.size() - 3, args.size()))
                .containsExactly(
                        "-jar",
                        TauMeshLauncherIT.repoRoot()
                                .resolve("launcher/target/tau-mesh.jar")
                                .toString(),
                        "--version");
    }

    /** A jar holding {@link FaultAgent}, with the manifest that makes it loadable into a running JVM. */
    private Path agentJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Agent-Class"), FaultAgent.class.getName());
        Path jar = work.resolve("fault-agent.jar");
        String entry = FaultAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                var in = FaultAgent.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(in.readAllBytes());
            out.closeEntry();
        }
        return jar;
    }
}
