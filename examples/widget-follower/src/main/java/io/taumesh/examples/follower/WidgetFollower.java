package io.taumesh.examples.follower;

import io.taumesh.client.MeshClient;
import io.taumesh.client.MeshSubscription;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.bus.message.RunnerActionRequest;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.runner.wire.ControlResult;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows a mesh's widget views and steers one of its runners. Run it next to a mesh:
 *
 * <pre>
 * java -cp ... io.taumesh.examples.follower.WidgetFollower CLUSTER MEMBER CREDENTIALS_DIR
 * </pre>
 *
 * prints one line per widget view as the dashboard publishes it, until Ctrl-C.
 */
public final class WidgetFollower {

    private final MeshClient client;

    public WidgetFollower(MeshClient client) {
        this.client = client;
    }

    /** Calls {@code each} with every widget view the dashboard publishes from now on. */
    public Future<MeshSubscription> follow(Consumer<WidgetView> each) {
        return client.widgets(each::accept);
    }

    /**
     * Pauses a runner, checks that it says so, and resumes it: the answer of each step, in order. Each action carries an
     * idempotency key of its own, so that a retry of either applies it once.
     */
    public Future<List<ControlResult>> pauseAndResume(MeshService runtime) {
        return client.control(runtime, RunnerActionRequest.of(RunnerAction.PAUSE))
                .compose(paused -> client.runnerStatus(runtime).compose(status -> {
                    if (!paused.accepted() || !status.progress().queue().paused()) {
                        return Future.failedFuture(runtime.id() + " did not pause: " + paused.reason());
                    }
                    return client.control(runtime, RunnerActionRequest.of(RunnerAction.RESUME))
                            .map(resumed -> List.of(paused, resumed));
                }));
    }

    /** One line per view: its id, its sequence number and its data. */
    static String line(WidgetView view) {
        return view.id() + " #" + view.seq() + " " + view.data();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: WidgetFollower CLUSTER MEMBER CREDENTIALS_DIR "
                    + "(as ./tau-mesh prints them: cluster 'tau-mesh', member 127.0.0.1:5701, .tau/credentials)");
            System.exit(2);
        }
        ClusterSettings cluster = ClusterSettings.loopback(args[0])
                .withMembers(List.of(args[1]))
                .withCredentials(Path.of(args[2]));
        MeshClient client = MeshClient.connect(cluster).await(60, TimeUnit.SECONDS);
        new WidgetFollower(client)
                .follow(view -> System.out.println(line(view)))
                .await(10, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                client.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("left the mesh uncleanly: " + e.getMessage());
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
