package io.taumesh.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One start of a service: ready after {@code readyMs} (-1: never), resident {@code rssKib} (the process and what it
 * started) a fixed idle time after ready.
 */
record StartupSample(long readyMs, long rssKib) {

    static final long TARGET_READY_MS = 1_500;
    static final long TARGET_RSS_MIB = 128;
    /** A service container as built: ready sooner than a jar, since it carries its class-data archive. */
    static final long CONTAINER_TARGET_READY_MS = 1_000;

    /** One measured start. */
    interface Measurement {
        StartupSample take() throws Exception;
    }

    String ready() {
        return readyMs < 0 ? "failed" : String.valueOf(readyMs);
    }

    String rss() {
        return readyMs < 0 ? "-" : String.valueOf(rssKib / 1024);
    }

    /** Ready within the target time, and within the target memory when idle. */
    boolean meets() {
        return meets(TARGET_READY_MS);
    }

    /** Ready within {@code readyTargetMs}, and within the target memory when idle. */
    boolean meets(long readyTargetMs) {
        return readyMs >= 0 && readyMs <= readyTargetMs && rssKib / 1024 <= TARGET_RSS_MIB;
    }

    /**
     * The median start time and the median memory of {@code runs} runs: on a shared machine one run can be off by a
     * second. A failed run counts as the slowest, and has no memory to count.
     */
    static StartupSample median(int runs, Measurement measurement) throws Exception {
        List<StartupSample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(measurement.take());
        }
        return median(samples);
    }

    /** The same, of runs already taken (interleaved with another case's). */
    static StartupSample median(List<StartupSample> samples) {
        if (samples.stream().allMatch(x -> x.readyMs() < 0)) {
            return samples.get(0);
        }
        long medianReady = Percentiles.median(samples.stream()
                .mapToLong(x -> x.readyMs() < 0 ? Long.MAX_VALUE : x.readyMs())
                .toArray());
        long medianRss = Percentiles.median(samples.stream()
                .filter(x -> x.readyMs() >= 0)
                .mapToLong(StartupSample::rssKib)
                .toArray());
        return new StartupSample(medianReady == Long.MAX_VALUE ? -1 : medianReady, medianRss);
    }

    /** The run with the median start time, of runs taken interleaved with other cases. */
    static StartupSample middle(List<StartupSample> samples) {
        return Percentiles.medianBy(samples, Comparator.comparingLong(StartupSample::readyMs));
    }
}
