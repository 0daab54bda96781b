package io.taumesh.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.CorrelationContext;
import io.taumesh.core.testing.NoBlockedThreads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("JSON log lines carry the correlation of the request being handled")
@ExtendWith(NoBlockedThreads.class)
class JsonLogFormatterTest {

    private static final Logger LOG = Logger.getLogger("tau.test.json-log");

    private final List<JsonObject> lines = new CopyOnWriteArrayList<>();
    private final JsonLogFormatter formatter = new JsonLogFormatter();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String line = formatter.format(record);
            assertThat(line).endsWith(System.lineSeparator()).doesNotContain("\n" + "{");
            lines.add(new JsonObject(line.strip()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        LOG.addHandler(capture);
        LOG.setUseParentHandlers(false);
    }

    @AfterEach
    void stop() throws Exception {
        LOG.removeHandler(capture);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private JsonObject line(String message) {
        return lines.stream()
                .filter(l -> l.getString("message").equals(message))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + message + "' in " + lines));
    }

    @Test
    @DisplayName("each message's handler logs its own request id, after blocking work too, and two requests never mix")
    void perRequest() throws Exception {
        vertx.eventBus()
                .<String>consumer("tau.test.log", msg -> {
                    CorrelationContext.bind(Correlation.from(msg.headers()));
                    LOG.info("received " + msg.body());
                    vertx.executeBlocking(() -> msg.body()).onSuccess(body -> {
                        LOG.info("done " + body);
                        msg.reply(body);
                    });
                })
                .completion()
                .await(10, TimeUnit.SECONDS);
        Correlation first = Correlation.from(null);
        Correlation second = Correlation.from(null);
        Future.all(
                        vertx.eventBus().request("tau.test.log", "one", first.deliveryOptions()),
                        vertx.eventBus().request("tau.test.log", "two", second.deliveryOptions()))
                .await(10, TimeUnit.SECONDS);

        for (String message : List.of("received one", "done one")) {
            assertThat(line(message).getString("request_id")).isEqualTo(first.requestId());
            assertThat(line(message).getString("trace_id")).isEqualTo(first.traceId());
        }
        for (String message : List.of("received two", "done two")) {
            assertThat(line(message).getString("request_id")).isEqualTo(second.requestId());
        }
        assertThat(line("done one").getString("level")).isEqualTo("INFO");
        assertThat(line("done one").getString("logger")).isEqualTo("tau.test.json-log");
        assertThat(line("done one").getString("ts")).endsWith("Z");
    }

    @Test
    @DisplayName("work started on the verticle's own context (a timer) carries the correlation it was run with")
    void timerWork() throws Exception {
        Correlation correlation = Correlation.fresh();
        vertx.timer(1)
                .compose(t -> {
                    CorrelationContext.runWith(correlation, () -> LOG.info("cycle"));
                    return Future.succeededFuture();
                })
                .await(10, TimeUnit.SECONDS);
        assertThat(line("cycle").getString("request_id")).isEqualTo(correlation.requestId());
    }

    @Test
    @DisplayName("outside a request the fields are null, and an error's stack trace is one field of the same line")
    void outsideRequests() {
        LOG.log(Level.WARNING, "broken", new IllegalStateException("boom"));
        JsonObject line = line("broken");
        assertThat(line.containsKey("request_id")).isTrue();
        assertThat(line.getString("request_id")).isNull();
        assertThat(line.getString("trace_id")).isNull();
        assertThat(line.getString("error"))
                .contains("IllegalStateException: boom")
                .contains("\tat ");
    }
}
