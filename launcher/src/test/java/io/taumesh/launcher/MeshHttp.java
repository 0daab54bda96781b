package io.taumesh.launcher;

import io.taumesh.core.testing.ChildJvm;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP against a child node's ops endpoint, with the ops token the tests give every child node. */
final class MeshHttp {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MeshHttp() {}

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ChildJvm.OPS_TOKEN);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int memberCount(String opsUrl) throws Exception {
        return new JsonObject(get(opsUrl + "/cluster").body()).getInteger("member_count");
    }
}
