package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A supervised process tree's members that are gone")
class ProcessChildGoneTest {

    @Test
    @DisplayName("a zombie nobody reaps counts as gone, a running process does not, an exited one does")
    void zombies() throws Exception {
        // sh starts `true` in the background and becomes `sleep`, which never reaps it: `true` stays a zombie.
        Process parent = new ProcessBuilder("sh", "-c", "true & exec sleep 30").start();
        try {
            ProcessHandle zombie = Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(
                            () -> parent.toHandle().children().findFirst().orElse(null),
                            h -> h != null && ProcessChild.gone(h));
            assertThat(zombie.isAlive()).as("the kernel still lists it").isTrue();
            assertThat(ProcessChild.gone(parent.toHandle()))
                    .as("the sleeping parent")
                    .isFalse();
        } finally {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessChild.gone(parent.toHandle())).as("exited").isTrue();
    }
}
