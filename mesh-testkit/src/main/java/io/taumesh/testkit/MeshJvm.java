package io.taumesh.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mesh's JVM: {@code io.taumesh.launcher.TauMeshMain} on this test's class path, run in the mesh's work dir with its
 * output in {@code tau-mesh.out.log} and {@code tau-mesh.err.log} there. Stopping it is what an operator does:
 * SIGTERM, and SIGKILL only if it has not stopped in 30 s, for it and every process it started.
 */
final class MeshJvm {

    static final String MAIN = "io.taumesh.launcher.TauMeshMain";
    /** What the launcher's jar opens by its manifest: on a class path, they are given as flags. */
    private static final List<String> OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.management/sun.management=ALL-UNNAMED",
            "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED");

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final long POLL_MS = 50;

    private final Process process;
    private final Path out;
    private final Path err;

    private MeshJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts the mesh; its environment is this one's without any {@code TAU_*} variable, plus {@code env}. */
    static MeshJvm start(Path workDir, List<String> args, Map<String, String> env) throws IOException {
        try {
            Class.forName(MAIN, false, MeshJvm.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "the test kit runs the mesh from the launcher, which is not on the class "
                            + "path: add io.taumesh:launcher as a test dependency",
                    e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(OPENS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN));
        command.addAll(args);
        Path out = workDir.resolve("tau-mesh.out.log");
        Path err = workDir.resolve("tau-mesh.err.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        builder.environment().putAll(env);
        return new MeshJvm(builder.start(), out, err);
    }

    Path stdout() {
        return out;
    }

    Path stderr() {
        return err;
    }

    /**
     * The first match of {@code pattern} in the log, waited for until {@code deadline} (nanoTime); fails with the
     * log's tail if the mesh exits first or the time runs out.
     */
    Matcher await(Path log, Pattern pattern, long deadline) throws IOException, InterruptedException {
        while (true) {
            Optional<Matcher> found = find(log, pattern);
            if (found.isPresent()) {
                return found.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the mesh exited with " + process.exitValue() + " before its log said "
                        + pattern + "\n" + tails());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the mesh's log did not say " + pattern + " in time\n" + tails());
            }
            Thread.sleep(POLL_MS);
        }
    }

    private static Optional<Matcher> find(Path log, Pattern pattern) throws IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The last lines of both logs, to explain a failure. */
    String tails() {
        return tail(out, 60) + "\n" + tail(err, 200);
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log + " (last " + Math.min(lines, all.size()) + " of " + all.size() + " lines)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "--- " + log + ": cannot be read: " + e.getMessage();
        }
    }

    /** Stops the mesh and everything it started; returns its exit code (SIGKILLed: 137). */
    int stop() throws InterruptedException {
        List<ProcessHandle> started = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (ProcessHandle child : started) {
            if (child.isAlive()) {
                child.destroyForcibly();
                try {
                    child.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // A process the kernel would not end in 30 s: nothing more a test can do about it.
                }
            }
        }
        return process.exitValue();
    }
}
