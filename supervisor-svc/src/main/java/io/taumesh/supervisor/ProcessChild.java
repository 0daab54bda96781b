package io.taumesh.supervisor;

import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.logging.LogFormat;
import io.taumesh.core.node.ConsoleLogging;
import io.taumesh.core.node.SupervisedBy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A child that is an OS process. Its stdout and stderr are appended to its log file. It runs under a small
 * wrapper that holds a pipe from the supervisor: when the supervisor exits or is killed, the pipe closes and
 * the child is terminated, so a child never outlives its supervisor. Exit code 0 is Completed, anything
 * else Failed.
 */
final class ProcessChild implements ChildHandle {

    static final String WRAPPER = wrapper();

    private final Vertx vertx;
    private final Context context;
    private final ChildSpec spec;
    private Consumer<TaskExit> exitHandler = e -> {};
    private Process process;
    private boolean stopping;

    private final Map<String, String> placeholders;
    private final String supervisorNode;

    /**
     * {@code placeholders} are replaced in the command's arguments: {@code {tau.java}} (this JVM's java),
     * {@code {tau.classpath}}, {@code {tau.cluster}} and {@code {tau.member}} (this node's cluster and address).
     * The child learns {@code supervisorNode}, this node's id, from {@link SupervisedBy#ENV}: a mesh node it starts
     * stops once that node is gone, and says whose it is.
     */
    ProcessChild(
            Vertx vertx, Context context, ChildSpec spec, Map<String, String> placeholders, String supervisorNode) {
        this.vertx = vertx;
        this.context = context;
        this.spec = spec;
        this.placeholders = placeholders;
        this.supervisorNode = supervisorNode;
    }

    static Map<String, String> placeholders(String clusterName, String member) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(
                "{tau.java}",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        p.put("{tau.classpath}", System.getProperty("java.class.path"));
        p.put("{tau.cluster}", clusterName == null ? "" : clusterName);
        p.put("{tau.member}", member == null ? "" : member);
        return p;
    }

    @Override
    public Future<Void> start() {
        return vertx.<Process>executeBlocking(() -> {
                    Files.createDirectories(spec.launch().log().toAbsolutePath().getParent());
                    List<String> command = new ArrayList<>(List.of("bash", "-c", WRAPPER, "tau-child:" + spec.id()));
                    for (String arg : spec.launch().command()) {
                        String expanded = arg;
                        for (Map.Entry<String, String> p : placeholders.entrySet()) {
                            expanded = expanded.replace(p.getKey(), p.getValue());
                        }
                        command.add(expanded);
                    }
                    ProcessBuilder builder = new ProcessBuilder(command)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(
                                    spec.launch().log().toFile()))
                            .redirectErrorStream(true);
                    builder.environment().put("TAU_SUPERVISED", "1");
                    builder.environment().put("TAU_CHILD_ID", spec.id());
                    builder.environment().put(SupervisedBy.ENV, supervisorNode);
                    // A child of the mesh logs as the node does, whether the format came from a flag or the
                    // environment.
                    builder.environment()
                            .put(LogFormat.ENV, ConsoleLogging.format().wire());
                    return builder.start();
                })
                .onSuccess(started -> {
                    process = started;
                    started.onExit()
                            .thenAccept(done -> context.runOnContext(v -> {
                                if (!stopping) {
                                    int code = done.exitValue();
                                    exitHandler.accept(
                                            code == 0
                                                    ? TaskExit.of(ExitKind.COMPLETED, "exit code 0")
                                                    : TaskExit.of(
                                                            ExitKind.FAILED,
                                                            code > 128
                                                                    ? "killed by signal " + (code - 128)
                                                                    : "exit code " + code));
                                }
                            }));
                })
                .mapEmpty();
    }

    @Override
    public void onExit(Consumer<TaskExit> handler) {
        this.exitHandler = handler;
    }

    long pid() {
        return process == null ? -1 : process.pid();
    }

    /**
     * SIGTERM to the wrapper, which passes it on once to the command. Completes when the wrapper and every
     * process under it have exited, so that a stop that completed left nothing running that still holds a
     * socket, a file or a cluster membership. A command that ignores SIGTERM for the timeout is killed, with
     * everything under it.
     */
    @Override
    public Future<TaskExit> stop(long timeoutMs) {
        stopping = true;
        if (process == null || !process.isAlive()) {
            return Future.succeededFuture(TaskExit.of(ExitKind.CANCELLED, "was not running"));
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        Promise<TaskExit> done = Promise.promise();
        allExited(tree)
                .thenRun(() -> context.runOnContext(
                        v -> done.tryComplete(TaskExit.of(ExitKind.CANCELLED, "stopped by the supervisor (SIGTERM)"))));
        process.toHandle().destroy();
        // A process of the tree that outlived its parent becomes a zombie where this JVM is PID 1 (a container):
        // nothing reaps it and it never "exits"; it holds nothing either, so it counts as gone.
        long zombies = vertx.setPeriodic(
                200,
                t -> vertx.executeBlocking(() -> tree.stream().allMatch(ProcessChild::gone))
                        .onSuccess(allGone -> {
                            if (allGone) {
                                done.tryComplete(
                                        TaskExit.of(ExitKind.CANCELLED, "stopped by the supervisor (SIGTERM)"));
                            }
                        }));
        long timer = vertx.setTimer(Math.max(1, timeoutMs), t -> {
            if (done.future().isComplete()) {
                return;
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            closePipe();
            allExited(tree)
                    .thenRun(() -> context.runOnContext(v -> done.tryComplete(
                            TaskExit.of(ExitKind.CANCELLED, "ignored SIGTERM for " + timeoutMs + " ms: killed"))));
        });
        return done.future().onComplete(v -> {
            vertx.cancelTimer(timer);
            vertx.cancelTimer(zombies);
            closePipe();
        });
    }

    /** Exited, or a zombie: its state in /proc is Z (it only waits to be reaped). */
    static boolean gone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // The state follows the command name, which is in parentheses and may itself hold spaces or parentheses.
            int end = stat.lastIndexOf(')');
            return end > 0 && stat.length() > end + 2 && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return !process.isAlive();
        }
    }

    private static CompletableFuture<Void> allExited(List<ProcessHandle> processes) {
        return CompletableFuture.allOf(
                processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
    }

    /** Closing the wrapper's stdin makes it terminate the command even if the wrapper itself is gone. */
    private void closePipe() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public String describe() {
        return process == null ? "not started" : "pid " + process.pid();
    }

    private static String wrapper() {
        try (InputStream in = ProcessChild.class.getResourceAsStream("child-wrapper.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("the child wrapper script is missing from the jar", e));
        }
    }
}
