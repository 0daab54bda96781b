package io.taumesh.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The text and tables of the startup benchmark's report sections. */
final class StartupTables {

    private StartupTables() {}

    /** The heading, how the jars were started, and the header of the per-service table. */
    static String servicesIntro(String loadAtStart, int idleSeconds, int runs) {
        // Start times on a shared machine depend on what else runs: the load at the start is part of the figure.
        return "## Cold start and idle memory, per service\n\n" + BenchReport.machine()
                + " Load average when the run began: " + loadAtStart + ".\n\n"
                + "Each service jar started alone (`--cluster-members none`, free ports), timed from the `java` command to its "
                + "`ready;` line; resident memory (VmRSS, with the processes it started) read " + idleSeconds
                + " s later. "
                + "*defaults*: `java -jar`; *sized*: `" + String.join(" ", JarStart.SIZED)
                + "` (the images' flags); *sized + AppCDS*: the "
                + "same with `-XX:SharedArchiveFile` of an archive made by one earlier run with `-XX:ArchiveClassesAtExit`. "
                + "Each figure is the median of " + runs
                + " runs: on a shared 2-core machine one run can be off by a second.\n\n"
                + "| service | defaults: ready (ms) | RSS (MiB) | sized: ready (ms) | RSS (MiB) | sized + AppCDS: ready (ms) | RSS (MiB) | target (<= "
                + StartupSample.TARGET_READY_MS + " ms, <= " + StartupSample.TARGET_RSS_MIB
                + " MiB) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
    }

    /** One service: its three ways of starting, judged by the last (the sized flags with AppCDS). */
    static String serviceRow(StartupTarget target, StartupSample defaults, StartupSample sized, StartupSample shared) {
        return row(
                target.name(),
                defaults.ready(),
                defaults.rss(),
                sized.ready(),
                sized.rss(),
                shared.ready(),
                shared.rss(),
                verdict(target, shared));
    }

    /** Met or missed; the targets are per standalone service, so the all-in-one has none (compare its columns). */
    static String verdict(StartupTarget target, StartupSample sample) {
        if (target.allInOne()) {
            return "no target (one JVM for all five, plus the relay's)";
        }
        return sample.meets() ? "**met**" : "**missed**";
    }

    /** The container part, when it could not be measured here. */
    static String containersNotMeasured(boolean archives) {
        return "### In containers\n\nNot measured: "
                + (archives ? "podman is not installed" : "the images are not built (`-Pimages`)") + ".\n";
    }

    /** The heading of the container part, how the images were run, and the header of its table. */
    static String containersIntro(int idleSeconds, int runs) {
        return "### In containers\n\n"
                + "Each image loaded into a podman store of its own (`podman load`), then started alone with host networking, "
                + "`--read-only`, `--cap-drop ALL` and `--memory 256m`, timed from `podman run` to its `/readiness` answering 200; the "
                + "JVM's resident memory read "
                + idleSeconds
                + " s later. Each is given the mesh's credentials as a file, as compose gives them (a secret, "
                + "`TAU_MESH_CREDENTIALS=/run/secrets/mesh-credentials`); without them each start would make new ones. "
                + "The images share their runtime layers, so a host stores those once. *As built*: the image's own "
                + "entrypoint, which maps the application class-data archive the image carries (`/opt/tau/app.jsa`, written by "
                + "`image-runtime/src/train-app-archive.sh` during the build, from two starts of the image in a chroot of its "
                + "layers: the first makes credentials, the second reads them as a file and writes the archive). *Without it*: "
                + "the "
                + "same entrypoint less `-XX:SharedArchiveFile` (the JDK's own archive only), given with `--entrypoint`, "
                + "interleaved with the runs as built. The times include podman's own start of the container. Medians of "
                + runs
                + " runs each.\n\n"
                + "| image | archive (MiB) | unpacked (MiB) | without it: ready (ms) | RSS (MiB) | as built: ready (ms) | RSS (MiB) "
                + "| as built / without (ready) | target (<= 1000 ms, <= 128 MiB, as built) |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
    }

    /** One image: its sizes, and its starts where it was started ({@code null}: the all-in-one, sized only). */
    static String containerRow(
            StartupTarget target, long archiveMib, long unpackedMib, StartupSample without, StartupSample built) {
        boolean started = without != null && built != null;
        return row(
                target.image(),
                archiveMib,
                unpackedMib,
                started ? without.ready() : "-",
                started ? without.rss() : "-",
                started ? built.ready() : "-",
                started ? built.rss() : "-",
                started && without.readyMs() > 0 && built.readyMs() > 0
                        ? String.format("%.2fx", (double) built.readyMs() / without.readyMs())
                        : "-",
                !started
                        ? "size only"
                        : built.meets(StartupSample.CONTAINER_TARGET_READY_MS) ? "**met**" : "**missed**");
    }

    /** The credentials section: the gateway's start reading them, without them, and making them. */
    static String credentials(int runs, StartupSample read, StartupSample none, StartupSample made) {
        return "## What the mesh's credentials cost a start\n\n" + BenchReport.machine()
                + "\n\nThe gateway jar with the sized flags, interleaved, median of "
                + runs
                + " runs each: reading the mesh's credentials (the default: the event bus under TLS with the mesh's key, "
                + "the cluster's name derived from its secret), without them (`--mesh-credentials none`), and making them (a "
                + "mesh's first start, `keytool` making the key).\n\n| start | ready (ms) | RSS (MiB) | vs none |\n| --- | ---: | ---: | ---: |\n"
                + credentialsRow("credentials read (default)", read, none)
                + credentialsRow("`--mesh-credentials none`", none, none)
                + credentialsRow("credentials made (first start)", made, none);
    }

    /** One table row: each cell as its text, between the pipes. */
    private static String row(Object... cells) {
        return Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining(" | ", "| ", " |\n"));
    }

    private static String credentialsRow(String name, StartupSample sample, StartupSample base) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %.2fx |%n",
                name,
                sample.ready(),
                sample.rss(),
                base.readyMs() > 0 ? (double) sample.readyMs() / base.readyMs() : Double.NaN);
    }
}
