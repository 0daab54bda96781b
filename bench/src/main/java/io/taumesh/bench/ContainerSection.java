package io.taumesh.bench;

import io.taumesh.core.node.MeshVersion;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The startup report's container part: each image's archive and unpacked sizes, and each service's container started
 * alone, with the image's own flags and with an application class-data archive kept in a volume.
 */
final class ContainerSection {

    private static final long MIB = 1024 * 1024;

    private final Path root;
    private final int idleSeconds;
    private final int runs;

    ContainerSection(Path root, int idleSeconds, int runs) {
        this.root = root;
        this.idleSeconds = idleSeconds;
        this.runs = runs;
    }

    /** The section's Markdown, or why it was not measured (no podman, or images not built). */
    String measure() throws Exception {
        boolean archives = StartupTarget.ALL.stream().allMatch(t -> Files.isRegularFile(t.imageArchiveIn(root)));
        if (!Podman.installed() || !archives) {
            return StartupTables.containersNotMeasured(archives);
        }
        Podman podman = Podman.withFreshStore();
        try {
            StringBuilder md = new StringBuilder(StartupTables.containersIntro(idleSeconds, runs));
            ImageStart start = new ImageStart(podman, idleSeconds);
            for (StartupTarget target : StartupTarget.ALL) {
                md.append(measure(podman, start, target));
            }
            return md.toString();
        } finally {
            podman.removeEverything();
        }
    }

    /** One image: loaded into the store, its size read, then started plainly and with AppCDS (the services only). */
    private String measure(Podman podman, ImageStart start, StartupTarget target) throws Exception {
        podman.run(
                180, "load", "--quiet", "--input", target.imageArchiveIn(root).toString());
        String reference = "localhost/tau-mesh/" + target.image() + ":" + MeshVersion.version();
        long unpacked = Long.parseLong(podman.run(60, "image", "inspect", "--format", "{{.Size}}", reference)
                .trim());
        StartupSample plain = null;
        StartupSample shared = null;
        if (!target.allInOne()) {
            plain = StartupSample.median(runs, () -> start.run(target, reference, null, null, ImageStart.LIMIT));
            String volume = "bench-cds-" + target.image();
            // Writing the archive at exit needs more than the 256 MiB limit (the kernel kills the dump), so it trains
            // with a larger one; the archive then serves the runs under the usual limit.
            start.run(target, reference, volume, "-XX:ArchiveClassesAtExit=/var/lib/tau-mesh/app.jsa", "768m");
            shared = StartupSample.median(
                    runs,
                    () -> start.run(
                            target,
                            reference,
                            volume,
                            "-XX:SharedArchiveFile=/var/lib/tau-mesh/app.jsa",
                            ImageStart.LIMIT));
        }
        System.out.printf(
                "startup: image %s %d MiB unpacked%s%n",
                target.image(),
                unpacked / MIB,
                plain == null
                        ? ""
                        : ", ready " + plain.ready() + " ms, " + plain.rss() + " MiB; with AppCDS " + shared.ready()
                                + " ms, " + shared.rss() + " MiB");
        return StartupTables.containerRow(
                target, Files.size(target.imageArchiveIn(root)) / MIB, unpacked / MIB, plain, shared);
    }
}
