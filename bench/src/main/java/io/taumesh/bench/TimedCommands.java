package io.taumesh.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Commands run as an operator runs them, one process per call: the wall time, the CPU time of the process and all it
 * started, and the peak resident memory.
 */
final class TimedCommands {

    /** One call: wall time, CPU time of the process and what it started, and its peak resident memory. */
    record Call(double wallMs, double cpuMs, long peakKib) {}

    /** The median call of a command (by wall time), its 90th percentile wall time, and the median CPU and memory. */
    record Row(String command, double medianMs, double p90Ms, double cpuMs, long peakKib) {}

    private TimedCommands() {}

    /** Calls the command {@code times} times and keeps the medians, printing them as it goes. */
    static Row measure(String name, List<String> command, int times) throws Exception {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            calls.add(run(command, Duration.ofSeconds(60)));
        }
        List<Call> byWall =
                calls.stream().sorted(Comparator.comparingDouble(Call::wallMs)).toList();
        double p90 = byWall.get(Percentiles.nearestRankIndex(90, byWall.size())).wallMs();
        double cpu = Percentiles.median(calls.stream().mapToDouble(Call::cpuMs).toArray());
        long peak = Percentiles.median(calls.stream().mapToLong(Call::peakKib).toArray());
        Row row = new Row(name, byWall.get(byWall.size() / 2).wallMs(), p90, cpu, peak);
        System.out.printf(
                Locale.ROOT,
                "operator: %s: median %.0f ms, p90 %.0f ms, CPU %.0f ms, peak %,d KiB%n",
                name,
                row.medianMs(),
                row.p90Ms(),
                row.cpuMs(),
                row.peakKib());
        return row;
    }

    /**
     * Runs a command to its end: wall time; CPU time from the shell's own account of its children ({@code times});
     * peak resident memory sampled from {@code /proc} (the script execs the JVM, so the pid stays the same).
     */
    static Call run(List<String> command, Duration limit) throws Exception {
        List<String> timed = new ArrayList<>(
                List.of("bash", "-c", "\"$@\" >/dev/null 2>&1; status=$?; times; exit $status", "timed"));
        timed.addAll(command);
        String name = String.join(" ", command);
        WatchedRun run = WatchedRun.within(
                new ProcessBuilder(timed).redirectErrorStream(true), name, limit, Process::descendants);
        String out = new String(run.process().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (run.process().exitValue() != 0) {
            throw new IllegalStateException(name + " exited " + run.process().exitValue() + ": " + out);
        }
        return new Call(run.wallMs(), childCpuMs(out), run.peakKib());
    }

    /** The second line of bash's {@code times}: user and system time of the shell's children, as {@code 0m0.412s 0m0.048s}. */
    static double childCpuMs(String times) {
        List<String> lines = times.lines()
                .filter(l -> l.matches("\\d+m[\\d.]+s \\d+m[\\d.]+s"))
                .toList();
        if (lines.size() < 2) {
            return Double.NaN;
        }
        double ms = 0;
        for (String part : lines.get(1).split(" ")) {
            String[] minSec = part.replace("s", "").split("m");
            ms += (Long.parseLong(minSec[0]) * 60 + Double.parseDouble(minSec[1])) * 1000;
        }
        return ms;
    }
}
