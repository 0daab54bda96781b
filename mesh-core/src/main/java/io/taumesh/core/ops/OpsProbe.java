package io.taumesh.core.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A health probe for images that have no shell and no curl: asks this container's own ops endpoint and exits 0
 * on 200, 1 otherwise. Compose and podman healthchecks run it:
 * {@code java -cp @/app/jib-classpath-file io.taumesh.core.ops.OpsProbe /readiness}. The port is the node's
 * {@code TAU_OPS_PORT}, which the container's environment already holds.
 */
public final class OpsProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private OpsProbe() {}

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/readiness";
        String port = System.getenv().getOrDefault("TAU_OPS_PORT", "9464");
        System.exit(probe("http://127.0.0.1:" + port + path));
    }

    static int probe(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(url + " " + response.statusCode());
            return response.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            System.out.println(url + " unreachable: " + e.getMessage());
            return 1;
        }
    }
}
