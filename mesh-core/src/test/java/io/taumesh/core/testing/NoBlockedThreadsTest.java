package io.taumesh.core.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The blocked-thread guard")
class NoBlockedThreadsTest {

    @Test
    @DisplayName("fails a test whose event loop was blocked, and passes one whose was not")
    void catchesBlockedEventLoop() throws Exception {
        NoBlockedThreads guard = new NoBlockedThreads();
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(20)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(50)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        try {
            guard.beforeEach(null);
            assertThatCode(() -> guard.afterEach(null)).doesNotThrowAnyException();

            guard.beforeEach(null);
            CountDownLatch done = new CountDownLatch(1);
            vertx.runOnContext(v -> {
                try {
                    Thread.sleep(400); // deliberately blocks the event loop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
            done.await(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> guard.afterEach(null))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("blocked");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
