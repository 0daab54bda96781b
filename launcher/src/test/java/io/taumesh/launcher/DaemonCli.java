package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tau-mesh} commands in a work dir of the test's own, as an operator would from that folder, and on
 * close ends any daemon the test left running there (a daemon is detached: it is no child of the test).
 */
final class DaemonCli implements AutoCloseable {

    record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private final Path work;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Set<Path> stateDirs = new LinkedHashSet<>();

    DaemonCli(Path work) {
        this.work = work;
    }

    Path work() {
        return work;
    }

    DaemonCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The default state dir of the commands run from the work dir. */
    Path stateDir() {
        return work.resolve(".tau/daemon");
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runJar(TauMeshLauncherIT.LAUNCHER, args);
    }

    Result runJar(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                TauMeshLauncherIT.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    Result exec(List<String> command) throws IOException, InterruptedException {
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).equals("--daemon-state-dir")) {
                stateDirs.add(work.resolve(command.get(i + 1)).toAbsolutePath().normalize());
            }
        }
        stateDirs.add(stateDir());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TAU_"));
        builder.environment().putAll(env);
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(170, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    /** {@code --daemon-status --daemon-status-json} of a state dir, and its exit code under {@code exit}. */
    JsonObject status(String stateDir) throws IOException, InterruptedException {
        Result r = run("--daemon-status", "--daemon-status-json", "--daemon-state-dir", stateDir);
        assertThat(r.exit()).as(r.all()).isIn(0, 1);
        return new JsonObject(r.out()).put("exit", r.exit());
    }

    JsonObject stateJson(Path stateDir) throws IOException {
        return new JsonObject(Files.readString(stateDir.resolve("state.json")));
    }

    /** Ends every daemon the state dirs this test used still record: SIGTERM, then SIGKILL. */
    @Override
    public void close() throws Exception {
        for (Path dir : stateDirs) {
            Set<Long> pids = new LinkedHashSet<>();
            try {
                pids.add(Long.parseLong(
                        Files.readString(dir.resolve("daemon.pid")).trim()));
            } catch (IOException | NumberFormatException e) {
                // no pid file
            }
            try {
                Long pid = stateJson(dir).getLong("pid");
                if (pid != null) {
                    pids.add(pid);
                }
            } catch (IOException | RuntimeException e) {
                // no state
            }
            for (long pid : pids) {
                ProcessHandle.of(pid)
                        .filter(p -> p.info().commandLine().orElse("").contains(dir.toString()))
                        .ifPresent(p -> {
                            System.err.println(
                                    "DaemonCli: ending daemon pid " + pid + " of " + dir + " left running by the test");
                            p.destroy();
                            try {
                                p.onExit().get(60, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                p.destroyForcibly();
                            }
                        });
            }
        }
    }
}
