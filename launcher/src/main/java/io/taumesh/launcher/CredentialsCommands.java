package io.taumesh.launcher;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.node.NodeDiscovery;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.ops.OpsServer;
import io.taumesh.core.security.CredentialsView;
import io.taumesh.core.security.MeshCredentials;
import io.taumesh.core.security.MeshCredentialsFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The mesh's credentials: a live rotation through the running mesh, and a copy for a container's secret. */
final class CredentialsCommands {

    /** How long each step of a rotation may take to reach every member. */
    static final Duration STEP_LIMIT = Duration.ofSeconds(60);

    static final long POLL_MS = 500;

    private CredentialsCommands() {}

    private static NodeSettings settings(Launch launch) {
        try {
            return launch.node().toSettings();
        } catch (IllegalArgumentException e) {
            throw launch.usage(e.getMessage());
        }
    }

    /** Where the credentials are, or a usage error naming {@code command} when the node has none. */
    private static Path credentialsOf(Launch launch, NodeSettings settings, String command) {
        Path where = settings.cluster().credentials();
        if (where == null) {
            throw launch.usage(command + " needs the mesh's credentials (--mesh-credentials is none)");
        }
        return where;
    }

    /**
     * {@code --mesh-credentials-rotate}: new credentials, rolled through the running mesh in three steps (announced,
     * switched to, the old ones dropped), each written to the credentials file and waited on until every member holds
     * it, so that no member loses its peers. With no node of the mesh running here, the file just gets the new ones.
     */
    static final class Rotate implements LauncherCommand {
        @Option(
                names = "--mesh-credentials-rotate",
                required = true,
                description =
                        "Give the mesh new credentials, rolled through the running mesh without a restart: each of the "
                                + "three steps is written to --mesh-credentials and waited on until every member holds it.")
        boolean on;

        @Override
        public int run(Launch launch) throws Exception {
            NodeSettings settings = settings(launch);
            Path where = credentialsOf(launch, settings, "--mesh-credentials-rotate");
            MeshCredentialsFile file = MeshCredentialsFile.at(where);
            MeshCredentials credentials;
            try {
                credentials = file.load();
            } catch (IllegalStateException e) {
                launch.err().println("tau-mesh: " + e.getMessage());
                return 1;
            }
            List<NodeDiscovery.Entry> nodes = liveSupervisors(launch, settings);
            int steps = stepsLeft(credentials.phase());
            for (int step = 1; step <= steps; step++) {
                credentials = credentials.rotated();
                try {
                    file.write(credentials);
                } catch (IOException e) {
                    launch.err().println("tau-mesh: cannot write the mesh credentials: " + e.getMessage());
                    return 1;
                }
                if (nodes.isEmpty()) {
                    continue;
                }
                launch.out()
                        .println("tau-mesh: rotation step " + step + " of " + steps + ": " + credentials.describe()
                                + " written to " + file.file() + "; waiting for every member to hold it");
                launch.out().flush();
                List<String> behind = awaitEveryMember(nodes.get(0), credentials);
                if (!behind.isEmpty()) {
                    reportBehind(launch, credentials, behind);
                    return 1;
                }
                launch.out().println("tau-mesh: every member holds " + credentials.describe());
            }
            launch.out()
                    .println("tau-mesh: the mesh's credentials are now " + credentials.describe()
                            + whenItTakesEffect(nodes, settings));
            return 0;
        }

        /** The supervisors of this node's cluster that run here; none when the node has no discovery dir. */
        private static List<NodeDiscovery.Entry> liveSupervisors(Launch launch, NodeSettings settings) {
            Path dir = launch.node().discoveryDir();
            return dir == null
                    ? List.of()
                    : NodeDiscovery.live(dir, settings.cluster().clusterName(), "supervisor");
        }

        /** The steps a rotation still has to take from {@code phase}: announce, switch, drop the old ones. */
        private static int stepsLeft(MeshCredentials.Phase phase) {
            return switch (phase) {
                case STEADY -> 3;
                case ANNOUNCED -> 2;
                case SWITCHED -> 1;
            };
        }

        private static void reportBehind(Launch launch, MeshCredentials credentials, List<String> behind) {
            launch.err()
                    .println(
                            "tau-mesh: within " + STEP_LIMIT.toSeconds() + " s these members did not take "
                                    + credentials.describe() + ": " + String.join("; ", behind)
                                    + " (a node that reads another copy of the file, "
                                    + "a container's secret, takes it when that copy changes; run this command again to go on from here)");
        }

        /** Empty when the rotation went through running members; else when the file's new credentials apply. */
        private static String whenItTakesEffect(List<NodeDiscovery.Entry> nodes, NodeSettings settings) {
            return nodes.isEmpty()
                    ? " (no node of cluster '" + settings.cluster().clusterName() + "' runs here: they take "
                            + "effect at its next start)"
                    : "";
        }

        /** Polls the node's view of every member until each holds {@code credentials}; the members that did not. */
        private static List<String> awaitEveryMember(NodeDiscovery.Entry node, MeshCredentials credentials)
                throws Exception {
            long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
            List<String> behind = List.of("no answer from " + node.opsUrl());
            while (System.nanoTime() < deadline) {
                try {
                    OpsClient.Answer answer = OpsClient.request(
                            node.opsUrl(), OpsServer.CREDENTIALS, null, node.opsToken(), Correlation.fresh());
                    if (answer.status() == 200) {
                        behind = behind(
                                new JsonObject(answer.body()).getJsonArray("members", new JsonArray()), credentials);
                        if (behind.isEmpty()) {
                            return behind;
                        }
                    } else {
                        behind = List.of(node.opsUrl() + OpsServer.CREDENTIALS + " answered " + answer.status());
                    }
                } catch (OpsClient.Unreachable e) {
                    behind = List.of(node.opsUrl() + " does not answer");
                }
                Thread.sleep(POLL_MS); // the command's own pacing, between asks of another process
            }
            return behind;
        }

        private static List<String> behind(JsonArray members, MeshCredentials credentials) {
            List<String> behind = new ArrayList<>();
            for (Object o : members) {
                JsonObject member = (JsonObject) o;
                if (member.containsKey("error")) {
                    behind.add(member.getString("member") + ": " + member.getString("error"));
                    continue;
                }
                CredentialsView view = MeshJson.mapper().convertValue(member.getMap(), CredentialsView.class);
                if (!view.holds(credentials)) {
                    behind.add(view.member() + " holds " + view.current() + " ("
                            + view.phase().toLowerCase(Locale.ROOT) + ")");
                }
            }
            return behind;
        }
    }

    /**
     * {@code --mesh-credentials-export FILE}: the mesh's credentials (made first at their first use) written to a file
     * of its own, for a container's or a pod's secret.
     */
    static final class Export implements LauncherCommand {
        @Option(
                names = "--mesh-credentials-export",
                paramLabel = "FILE",
                required = true,
                description =
                        "Write the mesh's credentials (made in --mesh-credentials first, if new) to FILE, mode 0600: the "
                                + "secret a container or a pod of this mesh is given (TAU_MESH_CREDENTIALS).")
        Path target;

        @Override
        public int run(Launch launch) throws Exception {
            Path where = credentialsOf(launch, settings(launch), "--mesh-credentials-export");
            MeshCredentials credentials;
            try {
                credentials = MeshCredentialsFile.at(where).loadOrCreate();
            } catch (IllegalStateException e) {
                launch.err().println("tau-mesh: " + e.getMessage());
                return 1;
            }
            Path absolute = target.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            AtomicFiles.writeOwnerOnly(
                    absolute, MeshJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(credentials));
            launch.out()
                    .println("tau-mesh: the mesh's credentials (" + credentials.describe() + ") written to " + absolute
                            + " (0600)");
            return 0;
        }
    }
}
