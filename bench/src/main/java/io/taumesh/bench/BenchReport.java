package io.taumesh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * bench/REPORT.md, one section per benchmark: each run replaces its own section and leaves the others,
 * so benchmarks can be run alone without losing the rest of the report.
 */
final class BenchReport {

    private static final String HEADER = """
      # Tau Mesh benchmark report

      Written by `./bench/run.sh`. Every figure is measured in the same run as the baseline it is compared
      with, on the machine named in its section; compare ratios, not absolute times, across machines.

      """;

    private BenchReport() {}

    static void writeSection(Path report, String id, String markdown) throws IOException {
        String begin = "<!-- bench:" + id + " -->";
        String end = "<!-- /bench:" + id + " -->";
        String text = Files.exists(report) ? Files.readString(report, StandardCharsets.UTF_8) : HEADER;
        String section = begin + "\n" + markdown.strip() + "\n" + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + section + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + section + "\n";
        }
        Files.writeString(report, text, StandardCharsets.UTF_8);
    }

    /** Prints a benchmark's section, writes it to the report, and says where it went. */
    static void publish(String bench, Path report, String id, String markdown) throws IOException {
        System.out.println(markdown);
        writeSection(report, id, markdown);
        System.out.println(bench + ": report section written to " + report);
    }

    /** The line that says where and when a section was measured. */
    static String machine() {
        return "Measured " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                + " on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + loadAverage() + ".";
    }

    /** The machine's load when the section was written: other work on the same cores moves tail latencies. */
    private static String loadAverage() {
        try {
            String[] loads = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return ", load average " + loads[0] + " (1 min), " + loads[1] + " (5 min)";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
