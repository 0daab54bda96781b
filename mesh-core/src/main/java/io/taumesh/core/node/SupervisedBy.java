package io.taumesh.core.node;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The supervisor that started this process, when one did: a supervisor gives each process child its node's id in
 * {@link #ENV}. A mesh node started that way never outlives that supervisor: besides the parent-death signal of
 * its wrapper (which a host without util-linux's setpriv lacks), it watches the cluster, and stops once the
 * supervisor's node has been gone for {@link #ORPHAN_GRACE}. It also names its supervisor in what it publishes, so
 * that another supervisor does not take it for its own.
 */
public final class SupervisedBy {

    /** The environment variable a supervisor sets to its node's id for the processes it starts. */
    public static final String ENV = "TAU_SUPERVISOR_NODE";

    /** How long the supervisor's node may be missing (a pause, a split) before this process counts as orphaned. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(15);

    /** How often the watch looks. */
    static final long CHECK_MS = 1_000;

    private static final Logger LOG = Logger.getLogger(SupervisedBy.class.getName());

    private SupervisedBy() {}

    /** The node id of the supervisor that started this process, if one did. */
    public static Optional<String> supervisorNode() {
        String id = System.getenv(ENV);
        return id == null || id.isBlank() ? Optional.empty() : Optional.of(id.trim());
    }

    /**
     * Watches {@code node}'s cluster for the member whose Vert.x node id is {@code supervisorNode}; once it has been
     * absent for the grace, calls {@code orphaned} with the reason, once.
     */
    static void watch(MeshNode node, String supervisorNode, Consumer<String> orphaned) {
        long[] lastSeen = {System.nanoTime()};
        node.vertx().setPeriodic(CHECK_MS, timer -> {
            boolean present = node.members().list().stream().anyMatch(m -> supervisorNode.equals(m.nodeId()));
            if (present) {
                lastSeen[0] = System.nanoTime();
                return;
            }
            if (System.nanoTime() - lastSeen[0] >= ORPHAN_GRACE.toNanos()) {
                node.vertx().cancelTimer(timer);
                String why = "the supervisor that started this process (node " + supervisorNode
                        + ") has been gone from cluster '"
                        + node.settings().clusterName() + "' for " + ORPHAN_GRACE.toSeconds()
                        + " s: a supervised process does not "
                        + "outlive its supervisor";
                LOG.warning(why);
                orphaned.accept(why);
            }
        });
    }
}
