package io.taumesh.bench;

import io.taumesh.core.security.MeshCredentialsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cold start to ready and resident memory when idle, of each service jar on its own and of the all-in-one mesh:
 * with the JVM's defaults, with the container-sized flags the images use, and with those flags plus an
 * application class-data archive; then of each image run as a podman container, with the image sizes.
 * Targets: ready within 1.5 s, at most 128 MiB resident when idle.
 */
@Command(
        name = "startup",
        mixinStandardHelpOptions = true,
        description = "Cold start and idle memory of each service, standalone and in a container, and image sizes.")
final class StartupBench implements Callable<Integer> {

    @Option(
            names = "--report",
            defaultValue = "bench/REPORT.md",
            description = "Report file to update (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(
            names = "--root",
            defaultValue = ".",
            description = "The repository, with the jars and images built (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(
            names = "--idle-seconds",
            defaultValue = "5",
            description = "How long after ready memory is read (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(
            names = "--runs",
            defaultValue = "3",
            description = "Measured runs of each case; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--containers",
            defaultValue = "true",
            negatable = true,
            description =
                    "Also run the images with podman, where podman and the image archives are present (default: ${DEFAULT-VALUE}).")
    boolean containers;

    @Option(
            names = "--credentials-only",
            description =
                    "Measure only what the mesh's credentials cost a start (the gateway jar with and without them), "
                            + "and update that section alone.")
    boolean credentialsOnly;

    private JarStart jars;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("tau-bench-startup-");
        root = root.toAbsolutePath().normalize();
        jars = new JarStart(work, idleSeconds);
        try {
            // A mesh makes its credentials at its first start and reads them after: every run here reads the same ones.
            MeshCredentialsFile.at(jars.credentials()).loadOrCreate();
            if (!credentialsOnly) {
                servicesSection(work);
            }
            BenchReport.writeSection(report, "startup-credentials", credentialsSection(work));
            System.out.println("startup: written to " + report);
            return 0;
        } finally {
            Directories.deleteTreeQuietly(work);
        }
    }

    /** Every service jar, three ways, and every image: cold start and idle memory. */
    private void servicesSection(Path work) throws Exception {
        StringBuilder md = new StringBuilder(StartupTables.servicesIntro(loadAverage(), idleSeconds, runs));
        for (StartupTarget target : StartupTarget.ALL) {
            Path jar = target.jarIn(root);
            StartupSample defaults = StartupSample.median(runs, () -> jars.run(target, jar, List.of()));
            StartupSample sized = StartupSample.median(runs, () -> jars.run(target, jar, JarStart.SIZED));
            // One run with the sized flags writes the class-data archive that the measured runs then map.
            Path archive = work.resolve(target.module() + ".jsa");
            jars.run(target, jar, with(JarStart.SIZED, "-XX:ArchiveClassesAtExit=" + archive));
            List<String> cds = with(JarStart.SIZED, "-XX:SharedArchiveFile=" + archive);
            StartupSample shared = StartupSample.median(runs, () -> jars.run(target, jar, cds));
            md.append(StartupTables.serviceRow(target, defaults, sized, shared));
            System.out.printf(
                    "startup: %s defaults %s ms %s MiB, sized %s ms %s MiB, sized+AppCDS %s ms %s MiB%n",
                    target.name(),
                    defaults.ready(),
                    defaults.rss(),
                    sized.ready(),
                    sized.rss(),
                    shared.ready(),
                    shared.rss());
        }
        if (containers) {
            md.append("\n").append(new ContainerSection(root, idleSeconds, runs).measure());
        }
        BenchReport.writeSection(report, "startup", md.toString());
    }

    /**
     * What the mesh's credentials cost a start, in the same run: the gateway jar (sized flags) reading them (the
     * default), without them ({@code --mesh-credentials none}: a plain event bus and an open cluster), and making them
     * (a mesh's first start: {@code keytool} makes the key).
     */
    private String credentialsSection(Path work) throws Exception {
        StartupTarget gateway = StartupTarget.gateway();
        Path jar = gateway.jarIn(root);
        List<StartupSample> read = new ArrayList<>();
        List<StartupSample> none = new ArrayList<>();
        List<StartupSample> made = new ArrayList<>();
        // Interleaved, so that the machine's drift touches the three alike.
        for (int i = 0; i < runs; i++) {
            read.add(jars.run(gateway, jar, JarStart.SIZED));
            none.add(jars.run(gateway, jar, JarStart.SIZED, Map.of("TAU_MESH_CREDENTIALS", "none")));
            made.add(jars.run(
                    gateway,
                    jar,
                    JarStart.SIZED,
                    Map.of("TAU_MESH_CREDENTIALS", work.resolve("fresh-" + i).toString())));
        }
        StartupSample withThem = StartupSample.middle(read);
        StartupSample without = StartupSample.middle(none);
        StartupSample first = StartupSample.middle(made);
        System.out.printf(
                "startup: credentials read %s ms, none %s ms, made %s ms%n",
                withThem.ready(), without.ready(), first.ready());
        return StartupTables.credentials(runs, withThem, without, first);
    }

    private static List<String> with(List<String> flags, String flag) {
        List<String> all = new ArrayList<>(flags);
        all.add(flag);
        return all;
    }

    /** The 1-minute load average, or "unknown" where /proc is absent. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "startup bench (%d targets)", StartupTarget.ALL.size());
    }
}
