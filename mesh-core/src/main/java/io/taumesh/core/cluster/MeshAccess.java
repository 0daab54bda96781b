package io.taumesh.core.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.taumesh.core.security.MeshCredentials;
import io.taumesh.core.security.MeshCredentialsFile;
import io.taumesh.core.security.MeshTls;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A node's hold on its mesh's credentials: the name it joins the cluster under, and what its event bus presents and
 * trusts. It follows the credentials file while the node runs, so that a rotation reaches every node of the mesh
 * without a restart: the event bus takes the new keys at its next handshake, and the cluster admits new members under
 * the new name (members already in stay in). Without credentials, the cluster name is the operator's and the event
 * bus is plain unless the operator's TLS is given.
 */
public final class MeshAccess {

    private static final Logger LOG = Logger.getLogger(MeshAccess.class.getName());

    /** No credentials: the operator's cluster name, no pinned TLS. */
    public static final MeshAccess NONE = new MeshAccess(null, null, null);

    private final MeshCredentialsFile file;
    private final MeshTls tls;
    private volatile MeshCredentials credentials;
    private volatile FileTime seen;

    private MeshAccess(MeshCredentialsFile file, MeshCredentials credentials, MeshTls tls) {
        this.file = file;
        this.credentials = credentials;
        this.tls = tls;
        this.seen = file == null ? null : file.modified();
    }

    /**
     * Reads (at a mesh's first start, makes) the credentials {@code settings} name; the event bus uses them unless the
     * operator's TLS is given. Blocking; fails naming the file when they are missing, unreadable, open or malformed.
     */
    public static MeshAccess load(ClusterSettings settings) {
        if (settings.credentials() == null) {
            return NONE;
        }
        MeshCredentialsFile file = MeshCredentialsFile.at(settings.credentials());
        MeshCredentials credentials = file.loadOrCreate();
        return new MeshAccess(file, credentials, settings.tls().enabled() ? null : new MeshTls(credentials));
    }

    /** The name of the Hazelcast cluster this node joins. */
    public String joinName(String clusterName) {
        MeshCredentials now = credentials;
        return now == null ? clusterName : now.current().joinName(clusterName);
    }

    /** The event bus's TLS: the operator's CA material when given, else the mesh's own keys, else none. */
    public EventBusOptions applyTo(EventBusOptions options, BusTls operatorTls) {
        if (operatorTls.enabled()) {
            return operatorTls.applyTo(options);
        }
        return tls == null ? options : tls.applyTo(options);
    }

    public Optional<MeshCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** Whether the event bus takes only the mesh's own nodes (its keys, or the operator's CA). */
    public boolean busSecured(BusTls operatorTls) {
        return operatorTls.enabled() || tls != null;
    }

    /**
     * Re-reads the file when it changed since the last look, and takes what it says: the event bus's keys, and the name
     * new members must join under. Blocking: call from a worker. A file that cannot be read now is logged and left
     * alone; the node keeps the credentials it holds.
     */
    public void refresh(Vertx vertx, HazelcastInstance hazelcast, String clusterName) {
        if (file == null) {
            return;
        }
        FileTime modified = file.modified();
        if (modified == null || modified.equals(seen)) {
            return;
        }
        seen = modified;
        MeshCredentials next;
        try {
            next = file.load();
        } catch (IllegalStateException e) {
            LOG.warning(() -> e.getMessage() + "; this node keeps " + credentials.describe());
            return;
        }
        if (next.equals(credentials)) {
            return;
        }
        if (tls != null) {
            tls.use(vertx, next)
                    .onFailure(e ->
                            LOG.severe(() -> "the event bus did not take " + next.describe() + ": " + e.getMessage()));
        }
        credentials = next;
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getConfig().setClusterName(next.current().joinName(clusterName));
        }
        LOG.info(() -> "mesh credentials changed: now " + next.describe());
    }
}
