package io.taumesh.core.node;

import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a node does with an error that nothing caught: an exception in a service's handlers is the service's
 * (Vert.x hands it to its context, and the supervisor to the child that threw it), so one that reaches the
 * JVM's default handler escaped every part of the mesh, or is an {@link Error} such as running out of memory.
 * The process cannot be trusted after that: it logs the whole trace, then a last line
 * {@code Panic: <what> (uncaught on thread <name>); exiting with 70}, and halts. Its service manager
 * restarts it, and its process children end with it (their wrapper's pipe closes).
 *
 * <p>One exception: once the node is stopping (asked to, by a signal or its supervisor), its services are stopped or
 * stopping and it is leaving the cluster. An exception that escapes then (a Hazelcast thread's work cut short by the
 * leave) is part of that leaving, not a fault to restart for: it is logged as one warning line and the stop goes on
 * to the exit it was going to make. An {@link Error} is still a panic.
 *
 * <p>And one that is noise at any time: Hazelcast's guard against connecting to itself. On loopback a member that
 * left frees its port; a reconnect to it may be given that very port as its own source and connect to itself (a TCP
 * self-connect), after which Hazelcast refuses that address by throwing from its connect guard. Nothing is wrong
 * with this node: that is one line at INFO, and the node runs on.
 */
public final class PanicHandler {

    /** EX_SOFTWARE: an internal error, what a service manager's restart policy treats as a failure. */
    public static final int EXIT_CODE = 70;

    private static final Logger LOG = Logger.getLogger(PanicHandler.class.getName());

    private static volatile boolean leaving;

    private PanicHandler() {}

    /** Where Hazelcast refuses an address that leads back to this member. */
    static final String SELF_CONNECT_GUARD = "com.hazelcast.internal.server.tcp.TcpServerContext";

    /** The node has begun to stop: see the class comment. */
    static void leaving() {
        leaving = true;
    }

    /** What an uncaught error is to the node: see the class comment. */
    enum Verdict {
        /** Hazelcast's refusal of an address that led back to this member: one INFO line. */
        NOISE,
        /** An exception while the node leaves: one warning line, and the stop goes on. */
        TOLERATED,
        /** Anything else: the trace, the last line, exit 70. */
        PANIC
    }

    static Verdict verdict(boolean leaving, Throwable error) {
        if (isHazelcastSelfConnect(error)) {
            return Verdict.NOISE;
        }
        return leaving && !(error instanceof Error) ? Verdict.TOLERATED : Verdict.PANIC;
    }

    /** Whether this is Hazelcast's refusal of a connection that led back to this member (thrown from its guard). */
    static boolean isHazelcastSelfConnect(Throwable error) {
        StackTraceElement[] frames = error.getStackTrace();
        return error.getClass() == RuntimeException.class
                && frames.length > 0
                && frames[0].getClassName().equals(SELF_CONNECT_GUARD)
                && frames[0].getMethodName().equals("shouldConnectTo");
    }

    public static void install(PrintStream err) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> panic(thread, error, err));
    }

    static String line(Thread thread, Throwable error) {
        return "Panic: " + MeshProcess.describeWithType(error) + " (uncaught on thread " + thread.getName()
                + "); exiting with " + EXIT_CODE;
    }

    private static void panic(Thread thread, Throwable error, PrintStream err) {
        Verdict verdict = verdict(leaving, error);
        if (verdict == Verdict.NOISE) {
            LOG.info(() -> "Hazelcast refused an address that now leads back to this node (" + error.getMessage()
                    + ": a departed member's freed loopback port, met by its own reconnect); thread "
                    + thread.getName() + " gave up that connect, the node runs on");
            return;
        }
        if (verdict == Verdict.TOLERATED) {
            LOG.warning(() -> "while leaving the cluster, thread " + thread.getName() + " failed: "
                    + MeshProcess.describeWithType(error) + "; the node stops as it was");
            return;
        }
        try {
            LOG.log(Level.SEVERE, error, () -> "uncaught on thread " + thread.getName() + ":");
            LOG.severe(line(thread, error));
        } catch (Throwable logging) {
            // Logging itself failed (out of memory): the line still goes out, plainly.
            err.println(line(thread, error));
        } finally {
            err.flush();
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
