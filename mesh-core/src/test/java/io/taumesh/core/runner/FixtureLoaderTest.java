package io.taumesh.core.runner;

import io.taumesh.core.contract.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.bus.Correlation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fixture loading and validation")
class FixtureLoaderTest {

  /** A runtime whose cases carry a {@code value} that must be a number. */
  static final CaseProcessor NUMBERS = new CaseProcessor() {
    @Override
    public Set<String> caseFields() {
      return Set.of("value");
    }

    @Override
    public Optional<FieldError> validate(JsonObject c) {
      return c.getValue("value") instanceof Number ? Optional.empty() : Optional.of(new FieldError("value", "must be a number"));
    }

    @Override
    public Future<CaseResult> process(FixtureEntry.Valid c, int attempt, Correlation correlation) {
      return Future.succeededFuture(CaseResult.of(200, new JsonObject()));
    }
  };

  static final RolloutPolicy ALWAYS_PASS = new RolloutPolicy() {
    @Override
    public Decision decide(Signals s) {
      return new Decision(RolloutGate.PASS, "always", List.of());
    }

    @Override
    public JsonObject describe() {
      return new JsonObject().put("kind", "always_pass");
    }
  };

  private final FixtureLoader loader = new FixtureLoader(new RuntimeProfile("test", "channel_id", NUMBERS, ALWAYS_PASS));

  private LoadedFixture parse(String json) throws FixtureException {
    return loader.parse(Path.of("f.json"), json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("refuse a whole file that is wrong at the top level, naming the field")
  void topLevel() {
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("$: is not a JSON object");
    assertThatThrownBy(() -> parse("{\"cases\":[]}")).hasMessage("f.json: schema_version: is required");
    assertThatThrownBy(() -> parse("{\"schema_version\":2,\"cases\":[]}")).hasMessageContaining("schema_version: unsupported value 2");
    assertThatThrownBy(() -> parse("{\"schema_version\":1,\"runtime\":\"gateway\",\"cases\":[]}"))
        .hasMessageContaining("runtime: is 'gateway' but this is the test runner");
    assertThatThrownBy(() -> parse("{\"schema_version\":1,\"cases\":{}}")).hasMessageContaining("cases: must be an array");
    assertThatThrownBy(() -> parse("{\"schema_version\":1}")).hasMessageContaining("cases: is required");
    assertThatThrownBy(() -> parse("{\"schema_version\":1,\"cases\":[],\"extra\":1}")).hasMessageContaining("extra: unknown field");
  }

  @Test
  @DisplayName("keep malformed cases with their field and reason, and the valid ones to run")
  void perCase() throws Exception {
    LoadedFixture f = parse("""
        {"schema_version":1,"cases":[
          {"case_id":"ok-1","channel_id":"c1","value":1,"expect":{"status":200},"simulate":{"transient_failures":2}},
          {"case_id":"bad id!","channel_id":"c1","value":1},
          {"case_id":"x","channel_id":"..","value":1},
          {"case_id":"y","channel_id":"c1","value":"one"},
          {"case_id":"z","channel_id":"c1","value":1,"expect":{"status":99}},
          {"case_id":"w","channel_id":"c1","value":1,"simulate":{"transient_failures":11}},
          {"case_id":"v","channel_id":"c1","value":1,"expect":[]}
        ]}""");
    assertThat(f.entries()).hasSize(7);
    assertThat(f.entries().get(0)).isInstanceOfSatisfying(FixtureEntry.Valid.class, v -> {
      assertThat(v.caseId()).isEqualTo("ok-1");
      assertThat(v.channelId()).isEqualTo("c1");
      assertThat(v.transientFailures()).isEqualTo(2);
      assertThat(v.expect().status()).isEqualTo(200);
    });
    assertThat(f.entries().subList(1, 7)).allMatch(e -> e instanceof FixtureEntry.Malformed)
        .extracting(e -> ((FixtureEntry.Malformed) e).problem().field())
        .containsExactly("cases[1].case_id", "cases[2].channel_id", "cases[3].value", "cases[4].expect.status",
            "cases[5].simulate.transient_failures", "cases[6].expect");
    assertThat(f.malformedCount()).isEqualTo(6);
    assertThat(f.sha256()).hasSize(64);
  }

  @Test
  @DisplayName("match a result against status and a subset of body fields")
  void expectations() {
    Expectation e = new Expectation(202, new JsonObject().put("accepted", true));
    assertThat(e.mismatch(CaseResult.of(202, new JsonObject().put("accepted", true).put("seq", 3)))).isEmpty();
    assertThat(e.mismatch(CaseResult.of(400, new JsonObject().put("error", "text: is required"))))
        .contains("expected status 202, got 400 (text: is required)");
    assertThat(e.mismatch(CaseResult.of(202, new JsonObject().put("accepted", false))))
        .contains("expected body.accepted = true, got false");
    assertThat(Expectation.NONE.mismatch(CaseResult.of(500, new JsonObject()))).isEmpty();
  }
}
