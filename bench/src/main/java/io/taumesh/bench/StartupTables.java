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
                + " s later. The images share their runtime layers, so a "
                + "host stores those once. Flags: the image's own entrypoint (`-XX:MaxRAMPercentage=60` of the container's limit). "
                + "*+ AppCDS*: a named volume on `/var/lib/tau-mesh`, one run with `JAVA_TOOL_OPTIONS=-XX:ArchiveClassesAtExit=/var/lib/"
                + "tau-mesh/app.jsa` under a 768 MiB limit (writing the archive at exit takes more than 256 MiB), then the measured run with `JAVA_TOOL_OPTIONS=-XX:SharedArchiveFile=/var/lib/tau-mesh/app.jsa`. "
                + "The times include podman's own start of the container. Medians of "
                + runs
                + " runs.\n\n"
                + "| image | archive (MiB) | unpacked (MiB) | ready (ms) | RSS (MiB) | + AppCDS: ready (ms) | RSS (MiB) | target |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n";
    }

    /** One image: its sizes, and its starts where it was started ({@code null}: the all-in-one, sized only). */
    static String containerRow(
            StartupTarget target, long archiveMib, long unpackedMib, StartupSample plain, StartupSample shared) {
        return row(
                target.image(),
                archiveMib,
                unpackedMib,
                plain == null ? "-" : plain.ready(),
                plain == null ? "-" : plain.rss(),
                shared == null ? "-" : shared.ready(),
                shared == null ? "-" : shared.rss(),
                shared == null ? "size only" : shared.meets() ? "**met**" : "**missed**");
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
