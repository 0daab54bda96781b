package io.taumesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated actor requests: every one is answered 200, 202 or 400, and a 400 names its field. */
@Label("Ingress properties")
class IngressPropertiesTest {

    @Provide
    Arbitrary<Object> requests() {
        Arbitrary<Object> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
                Arbitraries.of("message", "ping", "", "x".repeat(5000)).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.just(new JsonObject().put("a", 1)).map(o -> (Object) o));
        Arbitrary<Map<String, Object>> maps = Arbitraries.maps(Arbitraries.of("kind", "text", "extra"), values)
                .ofMaxSize(3);
        return Arbitraries.oneOf(maps.map(m -> (Object) new JsonObject(new HashMap<>(m))), values);
    }

    @Property(tries = 1000)
    @Label("any actor and body: 200, 202, or 400 naming actor_id, request, kind or text")
    void answered(@ForAll("actors") String actor, @ForAll("requests") Object request) {
        CaseResult result = new ActorIngress().handle(actor, request, Correlation.fresh());
        assertThat(result.status()).isIn(200, 202, 400);
        if (result.status() == 400) {
            assertThat(result.body().getString("field")).isIn(Set.of("actor_id", "request", "kind", "text"));
            assertThat(result.body().encode().length()).isLessThan(2_000);
        }
    }

    @Provide
    Arbitrary<String> actors() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(70), Arbitraries.of("alice", "..", ".", "a/b", "", "a".repeat(65)));
    }
}
