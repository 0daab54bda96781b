package io.taumesh.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The child processes the benchmarks start: which java and jar they run, and how they are ended. */
final class Processes {

    private Processes() {}

    /** The java of the JVM running the benchmark: children run on the same runtime as the side that measures. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar this benchmark runs from, for children that run one of its other entry points. */
    static Path benchJar() throws URISyntaxException {
        return Path.of(Processes.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    /** Ends a child that runs until its stdin closes (the echo and fan-out servers); killed if it takes longer. */
    static void closeStdinAndWait(Process child, long seconds) throws IOException, InterruptedException {
        child.getOutputStream().close();
        if (!child.waitFor(seconds, TimeUnit.SECONDS)) {
            child.destroyForcibly();
        }
    }

    /**
     * SIGTERM, so that the child shuts down as a service does; after the grace period SIGKILL, to it and to the
     * processes it started (the mesh's relay), which would otherwise outlive it.
     */
    static void terminate(Process child, long graceSeconds) throws InterruptedException {
        child.destroy();
        if (!child.waitFor(graceSeconds, TimeUnit.SECONDS)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }

    /** Reads the rest of a child's output on a daemon thread: a full pipe would block the child. */
    static void drain(BufferedReader output, String threadName) {
        Thread drain = new Thread(
                () -> {
                    try {
                        while (output.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException closed) {
                        // the child ended, or its output was closed here
                    }
                },
                threadName);
        drain.setDaemon(true);
        drain.start();
    }
}
