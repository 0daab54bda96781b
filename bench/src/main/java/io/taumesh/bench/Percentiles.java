package io.taumesh.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The statistics the report quotes: nearest-rank percentiles and medians of repeated runs. */
final class Percentiles {

    private Percentiles() {}

    /**
     * Where the nearest-rank {@code p}-th percentile sits among {@code size} sorted values: the smallest value
     * with at least {@code p}% of the values at or below it. Always a measured value, never an interpolation.
     */
    static int nearestRankIndex(double p, int size) {
        int rank = (int) Math.ceil(p / 100.0 * size);
        return Math.max(0, Math.min(size - 1, rank - 1));
    }

    /** The median as the report takes it: the middle value, the upper of the two middle ones for an even count. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** As {@link #median(double[])}, for counts (KiB, ms). */
    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The median item in this order, so that its other figures come from the same run. */
    static <T> T medianBy(Collection<T> items, Comparator<? super T> order) {
        List<T> sorted = items.stream().sorted(order).toList();
        return sorted.get(sorted.size() / 2);
    }
}
