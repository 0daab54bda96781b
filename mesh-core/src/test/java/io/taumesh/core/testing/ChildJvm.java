package io.taumesh.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A packaged jar run as a child JVM, its output captured line by line. Closing it stops it the way an
 * operator does (SIGTERM, then SIGKILL if it hangs) and returns only once it and every process it started
 * have exited, so that nothing it held (a socket file, a state dir, a cluster membership) outlives the test.
 */
public final class ChildJvm implements AutoCloseable {

    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /**
     * The ops token every child node gets unless a test gives its own ({@code TAU_OPS_TOKEN}): what a test needs to
     * ask a node's {@code /mesh/*} routes, which take the mesh's own only.
     */
    public static final String OPS_TOKEN = "child-jvm-ops-token-of-the-tests";

    static final Duration DESCENDANTS_GONE = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();
    private final Set<ProcessHandle> seenDescendants = ConcurrentHashMap.newKeySet();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        pump(process.getInputStream(), stdout, name + "-stdout");
        pump(process.getErrorStream(), stderr, name + "-stderr");
    }

    /** Starts {@code java -jar <jar> args...} with the same java that runs the tests. */
    public static ChildJvm start(String name, Path jar, String... args) throws IOException {
        return start(name, false, jar, args);
    }

    /**
     * As {@link #start(String, Path, String...)}; with {@code ownGroup} the JVM leads a session and process
     * group of its own (as a service manager or a terminal starts it), so that a test can signal the group.
     */
    public static ChildJvm start(String name, boolean ownGroup, Path jar, String... args) throws IOException {
        return start(name, ownGroup, null, jar, args);
    }

    /**
     * As above, run in {@code workDir} (where relative paths such as {@code .tau/} land; null: this process's).
     * A JVM in a group of its own starts with SIGINT and SIGTERM at their defaults, as from a terminal or a
     * service manager, whatever this process ignores.
     */
    public static ChildJvm start(String name, boolean ownGroup, Path workDir, Path jar, String... args)
            throws IOException {
        return start(name, ownGroup, workDir, Map.of(), jar, args);
    }

    /**
     * As above, with these {@code TAU_*} variables in its environment (a deploy's settings, as a container gets them);
     * the test's own {@code TAU_*} variables are never passed on.
     */
    public static ChildJvm start(String name, Map<String, String> env, Path jar, String... args) throws IOException {
        return start(name, false, null, env, jar, args);
    }

    private static ChildJvm start(
            String name, boolean ownGroup, Path workDir, Map<String, String> env, Path jar, String... args)
            throws IOException {
        return start(name, new Options(ownGroup, workDir, env, List.of(), List.of()), jar, args);
    }

    /**
     * How a child JVM starts, beyond its jar and arguments.
     *
     * @param ownGroup   a session and process group of its own
     * @param workDir    its working directory (null: this process's)
     * @param env        {@code TAU_*} variables to give it
     * @param jvmOptions extra JVM options ({@code -Djdk.net.hosts.file=...})
     * @param launcher   a command it runs under ({@code ip netns exec NS}), which must exec it so that its pid is the JVM's
     */
    public record Options(
            boolean ownGroup, Path workDir, Map<String, String> env, List<String> jvmOptions, List<String> launcher) {

        public static final Options DEFAULT = new Options(false, null, Map.of(), List.of(), List.of());

        public Options withEnv(Map<String, String> variables) {
            return new Options(ownGroup, workDir, variables, jvmOptions, launcher);
        }

        public Options withJvmOptions(String... options) {
            return new Options(ownGroup, workDir, env, List.of(options), launcher);
        }

        public Options under(String... command) {
            return new Options(ownGroup, workDir, env, jvmOptions, List.of(command));
        }
    }

    /** Starts {@code java [options] -jar <jar> args...} as {@code options} say. */
    public static ChildJvm start(String name, Options options, Path jar, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: run 'mvn package' (or 'mvn verify') from the repository root");
        }
        boolean ownGroup = options.ownGroup();
        Path workDir = options.workDir();
        Map<String, String> env = options.env();
        List<String> command = new ArrayList<>(options.launcher());
        if (ownGroup) {
            command.addAll(List.of("setsid", "env", "--default-signal=INT,TERM"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        ChildArchive archive = ChildArchive.of(jar);
        command.addAll(archive.options());
        command.addAll(options.jvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        // Children must not pick up cluster settings from the environment the tests run in.
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        builder.environment().put("TAU_OPS_TOKEN", OPS_TOKEN);
        builder.environment()
                .put("TAU_MESH_CREDENTIALS", TestClusters.credentials().toString());
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            archive.exited(ChildArchive.NOT_STARTED);
            throw e;
        }
        process.onExit().thenAccept(exited -> archive.exited(exited.exitValue()));
        return new ChildJvm(name, process);
    }

    /** Waits for a stdout line matching the pattern; fails with everything the child printed if none comes. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        return awaitLine(stdout, pattern, timeout);
    }

    /** Waits for a stderr (log) line matching the pattern. */
    public Matcher awaitErrLine(Pattern pattern, Duration timeout) {
        return awaitLine(stderr, pattern, timeout);
    }

    private Matcher awaitLine(List<String> lines, Pattern pattern, Duration timeout) {
        int[] seen = {0};
        Matcher[] found = {null};
        try {
            // Stops waiting at the first matching line, or once the process has exited and every line was read.
            Awaitility.await()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        while (seen[0] < lines.size()) {
                            Matcher m = pattern.matcher(lines.get(seen[0]++));
                            if (m.find()) {
                                found[0] = m;
                                return true;
                            }
                        }
                        return !process.isAlive() && seen[0] >= lines.size();
                    });
        } catch (ConditionTimeoutException e) {
            // Reported below with the transcript.
        }
        if (found[0] == null) {
            throw new AssertionError(name + " printed no line matching /" + pattern + "/ within " + timeout
                    + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "\n" + transcript());
        }
        return found[0];
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The processes this JVM started that still run (remembered, so that they can be awaited after it is gone). */
    public List<ProcessHandle> descendants() {
        process.descendants().forEach(seenDescendants::add);
        return seenDescendants.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** SIGTERM. Sent through the process handle: {@link Process#destroy()} would also close our end of its output. */
    public void terminate() {
        descendants();
        process.toHandle().destroy();
    }

    /** SIGKILL: the process gets no chance to say goodbye to the cluster. */
    public void kill() {
        descendants();
        process.toHandle().destroyForcibly();
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, ...) to this JVM alone: a pause as a long GC or a frozen VM makes one. */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid()))
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid() + " failed");
        }
    }

    /** Sends a signal ({@code TERM}, {@code INT}, {@code KILL}) to this JVM's whole process group (see {@link #start(String, boolean, Path, String...)}). */
    public void signalGroup(String signal) throws IOException, InterruptedException {
        descendants();
        Process kill = new ProcessBuilder("kill", "-" + signal, "--", "-" + pid())
                .inheritIO()
                .start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " -" + pid() + " failed");
        }
    }

    /** The exit code, or fails if the process is still running after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "\n" + transcript());
        }
        for (Thread pump : pumps) {
            pump.join(5_000); // the last lines it printed
        }
        return process.exitValue();
    }

    /** Waits until every process this JVM started has exited; fails naming the ones that did not. */
    public void awaitDescendantsGone(Duration timeout) throws InterruptedException {
        List<ProcessHandle> alive = descendants();
        try {
            CompletableFuture.allOf(alive.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(name + ": processes it started still run after " + timeout + ": "
                    + alive.stream()
                            .filter(ProcessHandle::isAlive)
                            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                            .toList());
        }
    }

    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    public String transcript() {
        return "--- " + name + " stdout ---\n" + String.join("\n", stdout) + "\n--- " + name + " stderr ---\n"
                + String.join("\n", stderr);
    }

    /** Stops the JVM as an operator would and waits for it and everything it started to be gone. */
    @Override
    public void close() throws InterruptedException {
        Set<ProcessHandle> all = new LinkedHashSet<>(descendants());
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        all.addAll(descendants());
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(DESCENDANTS_GONE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                p.destroyForcibly();
            }
        }
    }

    private void pump(InputStream in, List<String> sink, String threadName) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            sink.add(line);
                        }
                    } catch (IOException e) {
                        sink.add("<output closed: " + e.getMessage() + ">");
                    }
                },
                threadName);
        t.setDaemon(true);
        t.start();
        pumps.add(t);
    }
}
