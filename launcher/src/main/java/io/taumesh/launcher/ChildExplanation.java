package io.taumesh.launcher;

import io.taumesh.core.bus.message.SupervisorMarker;
import io.taumesh.supervisor.MarkerFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the supervisor decided of a child, in plain words, from its kept markers: the latest restart, quarantine,
 * release or removal with its reason or the restart tokens it left, and the ones before it.
 */
final class ChildExplanation {

    private final PrintStream out;

    ChildExplanation(PrintStream out) {
        this.out = out;
    }

    /** Prints the explanation; 0 also when nothing is recorded (a child that never restarted has nothing to explain). */
    int print(Path supervisorStateDir, String child) throws IOException {
        Path file = supervisorStateDir.resolve(MarkerFile.NAME);
        List<SupervisorMarker> markers = MarkerFile.ofChild(supervisorStateDir, child, ExplainCommand.CHILD_MARKERS);
        if (markers.isEmpty()) {
            out.println(child + ": no restart, quarantine, release or removal recorded in " + file);
        } else {
            SupervisorMarker latest = markers.get(markers.size() - 1);
            out.println(child + ": " + describe(latest));
            for (int i = markers.size() - 2; i >= 0; i--) {
                out.println("  before that: " + describe(markers.get(i)));
            }
        }
        out.println("  its restart budget now, and what a crash loop would come to: ./tau-mesh --supervisor-state-json "
                + "(restart_forecast, docs/decisions.md)");
        out.println("  markers: " + file);
        return 0;
    }

    private static String describe(SupervisorMarker m) {
        return m.kind() + " at " + Instant.ofEpochMilli(m.atMs()) + (m.detail() == null ? "" : ": " + m.detail());
    }
}
