package io.taumesh.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PanicHandlerTest {

    @Test
    @DisplayName("an uncaught exception is a panic, but while the node leaves the cluster; an Error always is")
    void toleratedOnlyWhileLeaving() {
        RuntimeException self = new RuntimeException("Connecting to self! [127.0.0.1]:5701");
        assertThat(PanicHandler.toleratedWhileLeaving(true, self)).isTrue();
        assertThat(PanicHandler.toleratedWhileLeaving(false, self))
                .as("the same while the node runs")
                .isFalse();
        assertThat(PanicHandler.toleratedWhileLeaving(true, new OutOfMemoryError()))
                .as("an Error")
                .isFalse();
        assertThat(PanicHandler.line(new Thread("t"), self))
                .isEqualTo("Panic: RuntimeException: Connecting to self! [127.0.0.1]:5701 (uncaught on thread t);"
                        + " exiting with 70");
    }
}
