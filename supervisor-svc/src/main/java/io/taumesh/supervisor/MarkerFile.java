package io.taumesh.supervisor;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.message.SupervisorMarker;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The supervisor's {@code markers.jsonl}, read offline: each child's restarts (which, and the restart tokens left),
 * quarantines (why), releases and removals, self-repair's give-ups, and the members that joined or left, oldest
 * first. Blocking.
 */
public final class MarkerFile {

    public static final String NAME = "markers.jsonl";
    /** Self-repair gave up on a stuck runner, whose child is named by the runtime: left as it is until it cycles. */
    public static final String SELF_REPAIR_GAVE_UP = "self_repair_gave_up";
    /** The kinds of marker that are about a child (the others are about members). */
    public static final Set<String> CHILD_KINDS =
            Set.of("restarted", "quarantined", "released", "removed", SELF_REPAIR_GAVE_UP);

    private MarkerFile() {}

    /** The last {@code max} markers of {@code childId} kept in {@code stateDir}, oldest first. */
    public static List<SupervisorMarker> ofChild(Path stateDir, String childId, int max) throws IOException {
        Deque<SupervisorMarker> last = new ArrayDeque<>();
        new SegmentedLog(stateDir.resolve(NAME), LogRetention.DEFAULT).forEach(line -> {
            SupervisorMarker m = MeshJson.bind(line, SupervisorMarker.class);
            if (childId.equals(m.subject()) && CHILD_KINDS.contains(m.kind())) {
                last.addLast(m);
                if (last.size() > max) {
                    last.removeFirst();
                }
            }
        });
        return List.copyOf(last);
    }
}
