package io.taumesh.bench;

import io.taumesh.core.node.MeshVersion;
import io.taumesh.core.security.MeshCredentialsFile;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The startup report's container part: each image's archive and unpacked sizes, and each service's container started
 * alone, as built (with its application class-data archive) and without that archive.
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
        Path secrets = Files.createTempDirectory("tau-bench-secrets-");
        try {
            StringBuilder md = new StringBuilder(StartupTables.containersIntro(idleSeconds, runs));
            ImageStart start = new ImageStart(podman, idleSeconds, credentialsFile(secrets));
            for (StartupTarget target : StartupTarget.ALL) {
                md.append(measure(podman, start, target));
            }
            return md.toString();
        } finally {
            podman.removeEverything();
            Directories.deleteTreeQuietly(secrets);
        }
    }

    /** The mesh's credentials as a file the containers' user may read, as compose mounts a secret. */
    private static Path credentialsFile(Path dir) throws Exception {
        MeshCredentialsFile made = MeshCredentialsFile.at(dir.resolve("made"));
        made.loadOrCreate();
        Path file = dir.resolve("mesh-credentials");
        Files.copy(made.file(), file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    /**
     * One image: loaded into the store, its size read, then (the services only) started as built and without its
     * application class-data archive, interleaved so that the machine's load falls on both alike.
     */
    private String measure(Podman podman, ImageStart start, StartupTarget target) throws Exception {
        podman.run(
                180, "load", "--quiet", "--input", target.imageArchiveIn(root).toString());
        String reference = "localhost/tau-mesh/" + target.image() + ":" + MeshVersion.version();
        long unpacked = Long.parseLong(podman.run(60, "image", "inspect", "--format", "{{.Size}}", reference)
                .trim());
        StartupSample without = null;
        StartupSample built = null;
        if (!target.allInOne()) {
            String withoutArchive = entrypointWithoutAppArchive(podman, reference);
            List<StartupSample> withoutRuns = new ArrayList<>();
            List<StartupSample> builtRuns = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                builtRuns.add(start.run(target, reference, null));
                withoutRuns.add(start.run(target, reference, withoutArchive));
            }
            without = StartupSample.median(withoutRuns);
            built = StartupSample.median(builtRuns);
        }
        System.out.printf(
                "startup: image %s %d MiB unpacked%s%n",
                target.image(),
                unpacked / MIB,
                built == null
                        ? ""
                        : ", as built ready " + built.ready() + " ms, " + built.rss() + " MiB; without its archive "
                                + without.ready() + " ms, " + without.rss() + " MiB");
        return StartupTables.containerRow(
                target, Files.size(target.imageArchiveIn(root)) / MIB, unpacked / MIB, without, built);
    }

    /** The image's entrypoint as JSON, less the flag that maps its application archive. */
    private static String entrypointWithoutAppArchive(Podman podman, String reference) throws Exception {
        JsonArray entrypoint =
                new JsonArray(podman.run(60, "image", "inspect", "--format", "{{json .Config.Entrypoint}}", reference)
                        .trim());
        JsonArray without = new JsonArray();
        entrypoint.stream()
                .map(String::valueOf)
                .filter(arg -> !arg.startsWith("-XX:SharedArchiveFile="))
                .forEach(without::add);
        if (without.size() != entrypoint.size() - 1) {
            throw new IllegalStateException(
                    reference + ": its entrypoint names no -XX:SharedArchiveFile: " + entrypoint);
        }
        return without.encode();
    }
}
