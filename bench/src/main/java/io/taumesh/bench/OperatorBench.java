package io.taumesh.bench;

import io.taumesh.bench.TimedCommands.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What an operator's command against a running mesh costs: each command as an operator runs it ({@code ./tau-mesh
 * ...}, one process per call) against a mesh started as a daemon, beside a bare JVM start and a {@code curl} of
 * {@code /health} measured in the same run; and whether any of them changed the cluster's membership.
 */
@Command(
        name = "operator",
        mixinStandardHelpOptions = true,
        description =
                "Wall time, CPU and memory of the commands that ask a running mesh, against a bare JVM start and curl.")
final class OperatorBench implements Callable<Integer> {

    @Option(
            names = "--repeats",
            defaultValue = "11",
            description = "Calls per command; the median is kept (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--join-repeats",
            defaultValue = "3",
            description = "Calls that join the cluster as a lite member (default: ${DEFAULT-VALUE}).")
    int joinRepeats;

    @Option(
            names = "--tau-mesh",
            defaultValue = "tau-mesh",
            description = "The tau-mesh script (default: ${DEFAULT-VALUE}).")
    Path tauMesh;

    @Option(
            names = "--bench-jar",
            defaultValue = "bench/target/tau-bench.jar",
            description = "This jar, for the bare JVM start (default: ${DEFAULT-VALUE}).")
    Path benchJar;

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-operator-bench");
        String cluster = "bench-operator-" + UUID.randomUUID().toString().substring(0, 8);
        MeshDaemon mesh = new MeshDaemon(script(), work, cluster);
        List<Row> rows = new ArrayList<>();
        long membershipEvents;
        List<Row> joinRows = new ArrayList<>();
        double startMs;
        try {
            startMs = mesh.start();
            System.out.printf(Locale.ROOT, "operator: daemon ready in %.0f ms, ops %s%n", startMs, mesh.ops());
            rows.addAll(baselines(mesh));
            long before = mesh.memberEvents();
            rows.addAll(localCommands(mesh));
            membershipEvents = mesh.memberEvents() - before;
            joinRows.add(joiningCommand(mesh));
        } finally {
            mesh.stop();
            Directories.deleteTree(work);
        }
        BenchReport.writeSection(
                report, "operator", new OperatorReport(repeats).markdown(rows, joinRows, membershipEvents, startMs));
        return 0;
    }

    /** What every command costs at least: a JVM that starts and ends, and an HTTP request without a JVM. */
    private List<Row> baselines(MeshDaemon mesh) throws Exception {
        return List.of(
                TimedCommands.measure(
                        "bare JVM start (java -cp tau-bench.jar, empty main)",
                        List.of(Processes.java(), "-cp", benchJar.toString(), BareJvm.class.getName()),
                        repeats),
                TimedCommands.measure(
                        "curl -s " + "<ops>/health",
                        List.of("curl", "-sf", "-o", "/dev/null", mesh.ops() + "/health"),
                        repeats));
    }

    /** The commands that ask the node found by its discovery file, or the daemon's state, or the relay's socket. */
    private List<Row> localCommands(MeshDaemon mesh) throws Exception {
        List<String> local = mesh.localFlags();
        return List.of(
                measure("./tau-mesh --supervisor-health-json", List.of("--supervisor-health-json"), local),
                measure("./tau-mesh --supervisor-state-json", List.of("--supervisor-state-json"), local),
                measure(
                        "./tau-mesh --supervisor-command remove --supervisor-child ghost (rejected: a full round trip)",
                        List.of("--supervisor-command", "remove", "--supervisor-child", "ghost"),
                        local),
                measure(
                        "./tau-mesh --daemon-status --daemon-status-json",
                        List.of(
                                "--daemon-status",
                                "--daemon-status-json",
                                "--daemon-state-dir",
                                mesh.stateDir().toString()),
                        List.of()),
                measure(
                        "./tau-mesh --relay-watch --relay-watch-frames 2",
                        List.of(
                                "--relay-watch",
                                "--relay-watch-frames",
                                "2",
                                "--dashboard-path",
                                mesh.relaySocket().toString()),
                        List.of()));
    }

    /** A command that joins the cluster as a lite member instead: the cost the local commands avoid. */
    private Row joiningCommand(MeshDaemon mesh) throws Exception {
        String member = mesh.member();
        return TimedCommands.measure(
                "./tau-mesh --via-cluster --supervisor-health-json (joins as a lite member)",
                MeshDaemon.concat(
                        script(),
                        List.of(
                                "--via-cluster",
                                "--supervisor-health-json",
                                "--cluster-name",
                                mesh.cluster(),
                                "--cluster-port",
                                "0",
                                "--cluster-members",
                                member)),
                joinRepeats);
    }

    private Row measure(String name, List<String> flags, List<String> more) throws Exception {
        return TimedCommands.measure(name, MeshDaemon.concat(script(), flags, more), repeats);
    }

    private List<String> script() {
        return List.of("bash", tauMesh.toString());
    }
}
