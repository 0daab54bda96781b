package io.taumesh.bench;

import java.util.Arrays;

/** Round-trip samples of one path, in nanoseconds, with the percentiles the report quotes. */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;
    private long busyNanos;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
        busyNanos += nanos;
    }

    int count() {
        return size;
    }

    /** Nearest-rank percentile, in microseconds. */
    double percentileMicros(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1_000.0;
    }

    /** Round trips per second with one message in flight. */
    double sequentialPerSecond() {
        return size == 0 ? 0 : size / (busyNanos / 1e9);
    }
}
