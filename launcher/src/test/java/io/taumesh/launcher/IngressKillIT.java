package io.taumesh.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.runner.storage.ChannelStore;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.taumesh.core.testing.ChildJvm;
import io.taumesh.core.testing.TestClusters;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's jar under concurrent HTTP load, its requests committed in groups, SIGKILLed at random moments and
 * started again on the same state dir: every request answered 202 is in its actor's channel once with the
 * sequence number it was answered with, and each channel's numbers run 1..N with no gap and no repeat.
 */
@DisplayName("SIGKILLs of the gateway under HTTP load")
class IngressKillIT {

    static final int ROUNDS = 4;
    static final int IN_FLIGHT = 32;
    static final int MAX_REQUESTS_PER_ROUND = 20_000;
    /** A kill comes at its random moment, but not before this many requests of its round were acknowledged. */
    static final int MIN_ACKNOWLEDGED_PER_ROUND = 60;
    /** However slow the machine, a round's load ends this long after it began (the assertions then say why). */
    static final Duration MAX_ROUND = Duration.ofSeconds(60);

    static final List<String> ACTORS = List.of("k-0", "k-1", "k-2", "k-3");
    static final Pattern READY = Pattern.compile(": ready;");

    @TempDir
    Path work;

    /** request id -> "actor#seq" of every 202. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

    @Test
    @Timeout(240)
    @DisplayName(
            "killed 4 times under 32 concurrent requests, no acknowledged request is lost or renumbered and no number repeats or is skipped")
    void killedUnderLoad() throws Exception {
        String cluster = TestClusters.uniqueName("ingress-kill");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicInteger ids = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            int port = ObservabilityIT.freePort();
            try (ChildJvm gateway =
                    ChildJvm.start("gateway-svc", TwoJvmMeshIT.jar("tau.jar.gateway"), args(cluster, port))) {
                gateway.awaitLine(READY, Duration.ofSeconds(90));
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(1500));
                load(http, port, ids, killAt);
                gateway.kill();
                gateway.awaitExit(Duration.ofSeconds(30));
            }
        }
        System.out.println(
                "ingress: " + acknowledged.size() + " acknowledged over " + ROUNDS + " kills (seed " + seed + ")");
        assertThat(acknowledged).as("requests acknowledged (seed %d)", seed).hasSizeGreaterThan(ROUNDS * 50);
        Map<String, List<String>> recorded = new ConcurrentHashMap<>();
        for (String actor : ACTORS) {
            List<Integer> seqs = new ArrayList<>();
            Path outputs = work.resolve("state")
                    .resolve("channel-store")
                    .resolve("gateway")
                    .resolve(actor)
                    .resolve(ChannelStore.OUTPUTS);
            new SegmentedLog(outputs, LogRetention.DEFAULT).forEach(line -> {
                int seq = line.getJsonObject("result", new JsonObject()).getInteger("seq");
                seqs.add(seq);
                recorded.computeIfAbsent(line.getString("request_id"), k -> new ArrayList<>())
                        .add(actor + "#" + seq);
            });
            assertThat(seqs).as("%s's numbers, in order (seed %d)", actor, seed).isEqualTo(rangeTo(seqs.size()));
        }
        acknowledged.forEach((id, answered) -> assertThat(recorded.get(id))
                .as("acknowledged request %s (seed %d)", id, seed)
                .containsExactly(answered));
    }

    private String[] args(String cluster, int port) {
        return new String[] {
            "--cluster-name", cluster,
            "--cluster-port", "0",
            "--cluster-members", "none",
            "--mesh-credentials", "none",
            "--ops-port", "0",
            "--gateway-http-port", String.valueOf(port),
            "--gateway-state-dir", work.resolve("state").toString(),
            "--gateway-log-segment-bytes", "65536",
            "--gateway-log-retain-segments", "100000"
        };
    }

    /**
     * Requests of all four actors, 32 at a time, until {@code killAt} and at least {@link #MIN_ACKNOWLEDGED_PER_ROUND}
     * of this round's acknowledged (on a busy machine a gateway fresh from its start takes fewer in a second or two);
     * the 202s are kept with their numbers.
     */
    private void load(HttpClient http, int port, AtomicInteger ids, long killAt) throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        int before = acknowledged.size();
        long giveUpAt = System.nanoTime() + MAX_ROUND.toNanos();
        int sent = 0;
        while ((System.nanoTime() < killAt || acknowledged.size() - before < MIN_ACKNOWLEDGED_PER_ROUND)
                && System.nanoTime() < giveUpAt
                && sent++ < MAX_REQUESTS_PER_ROUND) {
            if (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
                continue;
            }
            int id = ids.incrementAndGet();
            String actor = ACTORS.get(id % ACTORS.size());
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/actors/" + actor + "/requests"))
                    .header("x-request-id", "kill-" + id)
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"message\",\"text\":\"request " + id + "\"}"))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, err) -> {
                if (err == null && response.statusCode() == 202) {
                    acknowledged.put("kill-" + id, actor + "#" + new JsonObject(response.body()).getInteger("seq"));
                }
                slots.release();
            });
        }
    }

    private static List<Integer> rangeTo(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            all.add(i);
        }
        return all;
    }
}
