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
 */
public final class PanicHandler {

    /** EX_SOFTWARE: an internal error, what a service manager's restart policy treats as a failure. */
    public static final int EXIT_CODE = 70;

    private static final Logger LOG = Logger.getLogger(PanicHandler.class.getName());

    private PanicHandler() {}

    public static void install(PrintStream err) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> panic(thread, error, err));
    }

    static String line(Thread thread, Throwable error) {
        return "Panic: " + MeshProcess.describeWithType(error) + " (uncaught on thread " + thread.getName()
                + "); exiting with " + EXIT_CODE;
    }

    private static void panic(Thread thread, Throwable error, PrintStream err) {
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
