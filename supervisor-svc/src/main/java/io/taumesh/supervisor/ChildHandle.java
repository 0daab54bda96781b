package io.taumesh.supervisor;

import io.vertx.core.Future;
import java.util.function.Consumer;

/** One run of a child: started once, ending once, with how it ended. */
interface ChildHandle {

    /** Starts the child; fails if it could not be started (a failed start is a {@code Failed} exit). */
    Future<Void> start();

    /** Called once when the child ends by itself or by crashing; a stop the supervisor asked for is reported by {@link #stop}. */
    void onExit(Consumer<TaskExit> handler);

    /** Stops the child within the timeout; completes with {@code Cancelled}, noting a child that ignored the request. */
    Future<TaskExit> stop(long timeoutMs);

    /** The deployment id or process id, for people. */
    String describe();
}
