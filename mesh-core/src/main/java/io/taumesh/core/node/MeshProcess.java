package io.taumesh.core.node;

import io.taumesh.core.cluster.MeshProtocol;
import io.taumesh.core.cluster.NameResolution;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import sun.misc.Signal;

/**
 * Runs a node in the foreground of a process: starts it, says where it listens, and on SIGINT or SIGTERM
 * closes it in order (services, then the cluster) and exits 0. A second SIGINT while closing (an operator
 * pressing Ctrl-C again) exits at once; a repeated SIGTERM (a supervisor, systemd or a container runtime
 * asking again) is ignored, since they escalate with SIGKILL when they mean it.
 */
public final class MeshProcess {

    static final long START_TIMEOUT_SECONDS = 120;
    static final long STOP_TIMEOUT_SECONDS = 30;

    /**
     * What a caller hears of the process's life besides its output (a daemon keeps its state files by it).
     * Called off the event loops: blocking work is allowed.
     */
    public interface Listener {
        Listener NONE = new Listener() {};

        /** The node has started and announced itself. */
        default void ready(MeshRuntime runtime) {}

        /** A stop was asked for ({@code SIGTERM}, {@code SIGINT}, {@code shutdown}); services are stopping. */
        default void stopping(String why) {}

        /** The node has stopped (exit code 0) or could not start (1, with the reason). */
        default void stopped(int exitCode, String why) {}
    }

    private final String name;
    private final Listener listener;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    public MeshProcess(String name) {
        this(name, Listener.NONE);
    }

    public MeshProcess(String name, Listener listener) {
        this.name = name;
        this.listener = listener;
        this.out = System.out;
        this.err = System.err;
    }

    private MeshRuntime running;
    private final StartControl starting = new StartControl();
    private String stopRequested;
    private volatile String stopReason = "stopped";

    /** Blocks until the node is stopped; returns the process exit code. */
    public int run(NodeSettings settings, List<ServiceUnit> units) {
        // Before anything resolves a name: seed members given by name are looked up afresh on every attempt.
        NameResolution.refreshQuickly();
        // pgrep -x supervisor (runbook 002) finds the JVM by the service it hosts; an error nothing caught ends it
        // loudly.
        ProcessName.set(ProcessName.forUnits(units));
        PanicHandler.install(err);
        // Installed before the start, so that a stop asked for while starting is carried out once started.
        Signal.handle(new Signal("INT"), signal -> requestStop("SIGINT"));
        Signal.handle(new Signal("TERM"), signal -> requestStop("SIGTERM"));
        MeshRuntime runtime;
        try {
            runtime = awaitStart(MeshRuntime.start(settings, units, MeshProtocol.CURRENT, starting));
        } catch (Exception e) {
            synchronized (this) {
                if (stopRequested != null) {
                    out.println(name + ": stopped before it started (" + stopRequested + ")");
                    out.flush();
                    listener.stopped(0, stopRequested);
                    return 0;
                }
            }
            err.println(name + ": cannot start: " + describe(e));
            listener.stopped(1, "cannot start: " + describe(e));
            return 1;
        }
        announce(runtime);
        if (runtime.refusal().isEmpty()) {
            listener.ready(runtime);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop(runtime, "shutdown");
                            awaitStopped();
                        },
                        name + "-shutdown-hook"));
        synchronized (this) {
            running = runtime;
            if (stopRequested != null) {
                stop(runtime, stopRequested);
            }
        }
        SupervisedBy.supervisorNode()
                .ifPresent(supervisor -> SupervisedBy.watch(
                        runtime.node(), supervisor, why -> requestStop("orphaned: its supervisor is gone")));
        awaitStopped();
        listener.stopped(0, stopReason);
        return 0;
    }

    private synchronized void requestStop(String why) {
        PanicHandler.leaving();
        MeshRuntime runtime = running;
        if (runtime == null) {
            stopRequested = why;
            out.println(name + ": " + why + " received while starting; stopping once started");
            out.flush();
            // A lite member waiting for a full member would wait on: the stop ends the wait.
            starting.abandon("stopped while waiting for a full member (" + why + ")");
            return;
        }
        stop(runtime, why);
    }

    private void announce(MeshRuntime runtime) {
        MeshNode node = runtime.node();
        String services =
                runtime.units().stream().map(u -> u.service().module()).collect(Collectors.joining(", "));
        out.printf(
                "%s: joined cluster '%s' as member %s, node %s (%d member%s)%n",
                name,
                node.settings().clusterName(),
                node.members().localAddress(),
                node.nodeId(),
                node.members().size(),
                node.members().size() == 1 ? "" : "s");
        out.printf("%s: services: %s%n", name, services);
        out.printf(
                "%s: ops %s  (/health /readiness /metrics /cluster /mesh/status/<service>)%n", name, runtime.opsUrl());
        if (runtime.refusal().isPresent()) {
            out.printf(
                    "%s: %s; it hosts no service and /readiness answers 503; Ctrl-C or SIGTERM stops it%n",
                    name, runtime.refusal().get());
            out.flush();
            return;
        }
        out.printf("%s: ready; Ctrl-C or SIGTERM stops it%n", name);
        out.flush();
    }

    private void stop(MeshRuntime runtime, String why) {
        if (!stopping.compareAndSet(false, true)) {
            if (why.equals("SIGINT")) {
                err.println(name + ": second " + why + " while stopping; exiting now");
                Runtime.getRuntime().halt(130);
            }
            return;
        }
        stopReason = why;
        PanicHandler.leaving();
        listener.stopping(why);
        Thread closer = new Thread(
                () -> {
                    // A signal's name is "received"; a reason in words (an orphan's) is said as it is.
                    out.println(name + ": " + (why.contains(" ") ? why : why + " received")
                            + "; stopping services and leaving the cluster");
                    try {
                        await(runtime.close(), STOP_TIMEOUT_SECONDS);
                        out.println(name + ": stopped");
                    } catch (Exception e) {
                        err.println(name + ": stopped with an error: " + describe(e));
                    } finally {
                        out.flush();
                        stopped.countDown();
                    }
                },
                name + "-stopper");
        closer.start();
    }

    private void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the start, at most {@link #START_TIMEOUT_SECONDS} of it: the time a lite member spends waiting for a
     * full member to join counts for nothing, since it waits for as long as that takes.
     */
    private <T> T awaitStart(Future<T> start) throws Exception {
        long slice = 200;
        long counted = 0;
        while (true) {
            try {
                return start.await(slice, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!starting.waiting()) {
                    counted += slice;
                }
                if (counted >= TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS)) {
                    throw new TimeoutException("gave up after " + START_TIMEOUT_SECONDS + " s");
                }
            }
        }
    }

    /** {@link Future#await(long, TimeUnit)}, with a timeout that says how long it waited. */
    static <T> T await(Future<T> future, long seconds) throws TimeoutException {
        try {
            return future.await(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("gave up after " + seconds + " s");
        }
    }

    /** As {@link #describe}, led by the error's type: {@code IllegalStateException: injected}. */
    static String describeWithType(Throwable e) {
        String described = describe(e);
        return described.equals(e.getClass().getSimpleName())
                ? described
                : e.getClass().getSimpleName() + ": " + described;
    }

    /** The chain of messages of an error, without a stack trace: what an operator can act on. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(message) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
