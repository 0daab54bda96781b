package io.taumesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory as Linux reports it in {@code /proc/<pid>/status}, in KiB; 0 once the process is gone. */
final class ProcessMemory {

    private ProcessMemory() {}

    /** Resident memory now (VmRSS). */
    static long residentKib(long pid) {
        return field(pid, "VmRSS:");
    }

    /** The highest resident memory so far (VmHWM). */
    static long peakKib(long pid) {
        return field(pid, "VmHWM:");
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The process ended between two reads.
        }
        return 0;
    }
}
