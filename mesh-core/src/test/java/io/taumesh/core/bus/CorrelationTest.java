package io.taumesh.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Correlation headers")
class CorrelationTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    @DisplayName("keeps a caller's x-request-id and traceparent")
    void keepsValidHeaders() {
        MultiMap headers =
                MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "req-42").add("traceparent", TRACEPARENT);
        Correlation c = Correlation.from(headers);
        assertThat(c.requestId()).isEqualTo("req-42");
        assertThat(c.traceparent()).isEqualTo(TRACEPARENT);
        assertThat(c.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    @DisplayName("replaces missing or malformed values instead of passing them on")
    void replacesMalformed() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("x-request-id", "has spaces\nand newline")
                .add("traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01");
        Correlation c = Correlation.from(headers);
        assertThat(c.requestId()).isNotEqualTo("has spaces\nand newline").matches("[0-9a-f-]{36}");
        assertThat(Correlation.isValidTraceparent(c.traceparent())).isTrue();
        assertThat(c.traceId()).isNotEqualTo("0".repeat(32));

        Correlation fromNothing = Correlation.from(MultiMap.caseInsensitiveMultiMap());
        assertThat(Correlation.isValidRequestId(fromNothing.requestId())).isTrue();
        assertThat(Correlation.isValidTraceparent(fromNothing.traceparent())).isTrue();
    }

    @Test
    @DisplayName("the next hop keeps the request and trace ids and takes a new span id")
    void nextHop() {
        Correlation c = new Correlation("req-1", TRACEPARENT);
        Correlation next = c.nextHop();
        assertThat(next.requestId()).isEqualTo("req-1");
        assertThat(next.traceId()).isEqualTo(c.traceId());
        assertThat(next.traceparent()).isNotEqualTo(c.traceparent()).endsWith("-01");
    }

    @Test
    @DisplayName("goes onto event-bus delivery options as headers")
    void deliveryOptions() {
        Correlation c = new Correlation("req-2", TRACEPARENT);
        MultiMap headers = c.deliveryOptions().getHeaders();
        assertThat(headers.get(Correlation.REQUEST_ID)).isEqualTo("req-2");
        assertThat(headers.get(Correlation.TRACEPARENT)).isEqualTo(TRACEPARENT);
    }

    @Test
    @DisplayName("refuses to be built from bad values")
    void constructorValidates() {
        assertThatThrownBy(() -> new Correlation("", TRACEPARENT)).hasMessageContaining("x-request-id");
        assertThatThrownBy(() -> new Correlation("ok", "01-abc")).hasMessageContaining("traceparent");
    }
}
