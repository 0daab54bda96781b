package io.taumesh.core.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.jspecify.annotations.Nullable;

/**
 * Mutual TLS on the event bus with the mesh's own keys: every node presents the current generation's certificate and
 * accepts a peer only if it presents a certificate of a generation the mesh trusts. The trust anchors are the mesh's
 * own self-signed certificates and nothing else, so only a holder of the mesh's key gets through.
 *
 * <p>Vert.x builds the bus's server and client from the options once (through their JSON form, so only PEM, JKS or
 * PKCS#12 material survives, never a key manager object); a rotation hands them new keys on the running bus with
 * {@link RunningBusTls}.
 */
public final class MeshTls {

    private volatile MeshCredentials credentials;
    private volatile @Nullable EventBusOptions given;

    public MeshTls(MeshCredentials credentials) {
        this.credentials = credentials;
    }

    public MeshCredentials credentials() {
        return credentials;
    }

    /** Turns mutual TLS with these credentials on for the event bus a node is about to start. */
    public EventBusOptions applyTo(EventBusOptions options) {
        given = new EventBusOptions(options);
        return withKeys(options, credentials);
    }

    /**
     * Takes new credentials (a rotation's next step) on a running bus: new connections, inbound and outbound, use them;
     * connections already open stay, their peers having proven themselves.
     */
    public Future<Void> use(Vertx vertx, MeshCredentials next) {
        credentials = next;
        if (given == null) {
            return Future.succeededFuture();
        }
        EventBusOptions options = withKeys(new EventBusOptions(given), next);
        // The same way the bus derives its server's and client's options from its own.
        return RunningBusTls.update(
                vertx,
                new NetServerOptions(options.toJson()).getSslOptions(),
                new NetClientOptions(options.toJson())
                        .setHostnameVerificationAlgorithm("")
                        .getSslOptions());
    }

    private static EventBusOptions withKeys(EventBusOptions options, MeshCredentials credentials) {
        PemTrustOptions trust = new PemTrustOptions();
        credentials.trusted().forEach(key -> trust.addCertValue(Buffer.buffer(key.cert())));
        return options.setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setTrustAll(false)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .addKeyValue(Buffer.buffer(credentials.current().key()))
                        .addCertValue(Buffer.buffer(credentials.current().cert())))
                .setTrustOptions(trust);
    }
}
