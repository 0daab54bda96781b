package io.taumesh.bench;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a thread's CPU time went, from async-profiler's collapsed stacks ({@code frame;frame;... count}, recorded
 * with {@code threads}): the share spent in the kernel, and the frames with the largest inclusive and self shares.
 */
@Command(
        name = "stacks",
        mixinStandardHelpOptions = true,
        description =
                "Summarise async-profiler collapsed stacks of one thread: kernel share, top inclusive and self frames.")
final class StackSummary implements Callable<Integer> {

    @Parameters(index = "0", description = "Collapsed stacks file (async-profiler: collapsed,threads).")
    Path file;

    @Option(
            names = "--thread",
            defaultValue = "vert.x-eventloop-thread-0",
            description = "Only stacks of threads whose name contains this (default: ${DEFAULT-VALUE}).")
    String thread;

    @Option(names = "--top", defaultValue = "25", description = "Frames listed (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() throws Exception {
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        long total = 0;
        long kernel = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                int space = line.lastIndexOf(' ');
                if (space < 0 || !line.substring(0, space).contains(thread)) {
                    continue;
                }
                long count = Long.parseLong(line.substring(space + 1).trim());
                String[] frames = line.substring(0, space).split(";");
                total += count;
                String leaf = frames[frames.length - 1];
                self.merge(leaf, count, Long::sum);
                if (leaf.endsWith("_[k]")) {
                    kernel += count;
                }
                Set<String> seen = new HashSet<>(List.of(frames));
                seen.forEach(f -> inclusive.merge(f, count, Long::sum));
            }
        }
        if (total == 0) {
            System.out.println("no samples of a thread named like '" + thread + "' in " + file);
            return 1;
        }
        System.out.printf(
                Locale.ROOT, "%,d samples of %s; in the kernel: %.1f%%%n", total, thread, 100.0 * kernel / total);
        print("inclusive", inclusive, total);
        print("self", self, total);
        return 0;
    }

    private void print(String title, Map<String, Long> counts, long total) {
        System.out.println("-- " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(
                        e -> System.out.printf(Locale.ROOT, "%5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
}
