package io.taumesh.core.security;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which generation of the mesh's credentials one node presents and trusts: fingerprints only, never a secret. A node
 * answers it on {@code tau.node.<node_id>.credentials}; a rotation waits until every member reports the step.
 *
 * @param nodeId  the node's Vert.x node id
 * @param member  its member address
 * @param phase   where a rotation stands on it ({@link MeshCredentials.Phase}), or {@code NONE} without credentials
 * @param current the generation it presents and joins with, or null
 * @param trusted the generations it accepts from a peer
 */
public record CredentialsView(
        String nodeId,
        String member,
        String phase,
        @Nullable String current,
        List<String> trusted) {

    /** What a node holding {@code credentials} (null: none) reports. */
    public static CredentialsView of(String nodeId, String member, @Nullable MeshCredentials credentials) {
        if (credentials == null) {
            return new CredentialsView(nodeId, member, "NONE", null, List.of());
        }
        return new CredentialsView(
                nodeId,
                member,
                credentials.phase().name(),
                credentials.current().id(),
                credentials.trusted().stream().map(MeshKey::id).toList());
    }

    /** Whether this node has taken {@code credentials} as they stand. */
    public boolean holds(MeshCredentials credentials) {
        return credentials.phase().name().equals(phase)
                && credentials.current().id().equals(current)
                && credentials.trusted().stream().map(MeshKey::id).toList().equals(trusted);
    }
}
