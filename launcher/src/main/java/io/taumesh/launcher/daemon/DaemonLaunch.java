package io.taumesh.launcher.daemon;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs as the daemon: this JVM's {@code java}, the launcher's jar, the crash-file options, and
 * {@code --daemon-run --daemon-state-dir D} with the mesh's flags, in a working dir, with an environment.
 * {@code --daemon-start} spawns exactly this, and the systemd and launchd profiles run it, so the three run
 * the same mesh.
 */
public record DaemonLaunch(
        Path java,
        Path launcherJar,
        List<String> jvmOptions,
        List<String> meshArgs,
        Path workingDir,
        Map<String, String> environment) {

    /** Who started the daemon, for its first transition: set by {@code --daemon-start}, absent under a service manager. */
    public static final String START_REASON_ENV = "TAU_DAEMON_START_REASON";

    public DaemonLaunch {
        jvmOptions = List.copyOf(jvmOptions);
        meshArgs = List.copyOf(meshArgs);
        environment = Map.copyOf(environment);
    }

    /**
     * The launch for this JVM: its java, the jar this launcher runs from (empty when it runs from classes, not a
     * jar), the working dir, and the {@code TAU_*} settings of this environment, which a service manager would not
     * pass on (the daemon's state dir among them).
     */
    public static DaemonLaunch ofThisJvm(Path launcherJar, List<String> meshArgs, DaemonPaths paths) {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().entrySet().stream()
                .filter(e -> e.getKey().startsWith("TAU_") && !e.getKey().equals(START_REASON_ENV))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.put(e.getKey(), e.getValue()));
        env.put("TAU_DAEMON_STATE_DIR", paths.dir().toString());
        return new DaemonLaunch(
                Path.of(System.getProperty("java.home"), "bin", "java")
                        .toAbsolutePath()
                        .normalize(),
                launcherJar,
                CrashFiles.jvmOptions(CrashFiles.dir()),
                meshArgs,
                Path.of("").toAbsolutePath(),
                env);
    }

    /** The jar a class was loaded from, if it was loaded from a jar. */
    public static Optional<Path> jarOf(Class<?> type) {
        try {
            Path location = Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) && location.toString().endsWith(".jar")
                    ? Optional.of(location)
                    : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The full command line of the daemon for the state dir. */
    public List<String> command(DaemonPaths paths) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(launcherJar.toString());
        command.add("--daemon-run");
        command.add("--daemon-state-dir");
        command.add(paths.dir().toString());
        command.addAll(meshArgs);
        return command;
    }

    /** What is missing of what the daemon runs: the java binary or the jar. */
    public Optional<String> missingExecutable() {
        return missing(java, launcherJar);
    }

    static Optional<String> missing(Path java, Path jar) {
        if (java == null || !Files.isExecutable(java)) {
            return Optional.of("the java executable " + java + " is missing or not executable");
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            return Optional.of("the launcher jar " + jar + " is missing");
        }
        return Optional.empty();
    }
}
