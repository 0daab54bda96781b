package io.taumesh.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A command run to its end while the peak resident memory (VmHWM) of what it runs is read every 5 ms: /proc keeps no
 * figure after the exit, and VmHWM only grows, so the last reading before the exit is the peak.
 *
 * @param process the ended process, for its exit value and output
 * @param wallMs from just before the start until the exit was seen
 * @param peakKib the highest VmHWM read
 */
record WatchedRun(Process process, double wallMs, long peakKib) {

    private static final Duration NO_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

    /** Runs to the end, however long, sampling the pids that {@code sampled} names. */
    static WatchedRun untilExit(ProcessBuilder builder, Function<Process, Stream<ProcessHandle>> sampled)
            throws IOException, InterruptedException {
        return within(builder, "", NO_LIMIT, sampled);
    }

    /** As {@link #untilExit}, but kills the process and fails, naming it {@code name}, once it outlasts the limit. */
    static WatchedRun within(
            ProcessBuilder builder, String name, Duration limit, Function<Process, Stream<ProcessHandle>> sampled)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = builder.start();
        long peak = 0;
        do {
            peak = Math.max(
                    peak,
                    sampled.apply(process)
                            .mapToLong(h -> ProcessMemory.peakKib(h.pid()))
                            .max()
                            .orElse(0));
            if (System.nanoTime() - start > limit.toNanos()) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not end within " + limit);
            }
        } while (!process.waitFor(5, TimeUnit.MILLISECONDS));
        return new WatchedRun(process, (System.nanoTime() - start) / 1e6, peak);
    }
}
