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
        return sorted[Percentiles.nearestRankIndex(p, size)] / 1_000.0;
    }

    /** Nearest-rank percentile, in milliseconds: the unit of the tables of whole requests and updates. */
    double percentileMillis(double p) {
        return percentileMicros(p) / 1000;
    }

    /** Round trips per second with one message in flight. */
    double sequentialPerSecond() {
        return size == 0 ? 0 : size / (busyNanos / 1e9);
    }
}
