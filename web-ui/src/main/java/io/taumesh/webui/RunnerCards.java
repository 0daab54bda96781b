package io.taumesh.webui;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.wire.StorageFault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the page shows of each runner's control state (paused or running, queue and limit, a state dir that takes no
 * writes): the runners' statuses, asked every second, published on {@code ui.view.runners} when they change.
 */
final class RunnerCards {

    static final long ASK_EVERY_MS = 1_000;
    static final long ANSWER_WITHIN_MS = 800;

    /** A service's status answer: its own fields are under {@code detail}. */
    record StatusAnswer(int schemaVersion, @Nullable StatusBrief detail) implements MeshMessage {}

    /** The part of a runner's status the page needs; the rest of it is ignored. */
    record StatusBrief(
            int queueDepth,
            int queueLimit,
            boolean paused,
            long cycleCount,
            @Nullable StorageFault storageFault) {}

    private static final List<String> RUNTIMES = List.of("gateway", "dashboard");

    private final Vertx vertx;
    private final Consumer<UiViews.RunnersFeed> publish;
    private List<UiViews.RunnerCard> last = List.of();
    private long seq;

    RunnerCards(Vertx vertx, Consumer<UiViews.RunnersFeed> publish) {
        this.vertx = vertx;
        this.publish = publish;
    }

    void start() {
        vertx.setPeriodic(ASK_EVERY_MS, id -> current().onSuccess(feed -> {}));
    }

    /** The runners as they answer now; published first if that changed. */
    Future<UiViews.RunnersFeed> current() {
        List<Future<UiViews.RunnerCard>> asked =
                RUNTIMES.stream().map(this::ask).toList();
        return Future.join(asked).transform(done -> {
            List<UiViews.RunnerCard> cards = asked.stream().map(Future::result).toList();
            if (!cards.equals(last)) {
                last = cards;
                publish.accept(new UiViews.RunnersFeed(++seq, cards));
            }
            return Future.succeededFuture(new UiViews.RunnersFeed(seq, last));
        });
    }

    /** The card of a runner's answer; one without the runner's fields counts as no answer. */
    static UiViews.RunnerCard card(String runtime, StatusAnswer answer) {
        StatusBrief s = answer.detail();
        return s == null
                ? new UiViews.RunnerCard(runtime, false, false, 0, 0, 0, null)
                : new UiViews.RunnerCard(
                        runtime, true, s.paused(), s.queueDepth(), s.queueLimit(), s.cycleCount(), s.storageFault());
    }

    private Future<UiViews.RunnerCard> ask(String runtime) {
        String address = runtime.equals("gateway") ? Addresses.GATEWAY_STATUS : Addresses.DASHBOARD_STATUS;
        return MeshBus.request(vertx, address, new JsonObject(), Correlation.fresh(), ANSWER_WITHIN_MS)
                .map(m -> card(runtime, MeshJson.fromJson(m.body(), StatusAnswer.class)))
                .otherwise(new UiViews.RunnerCard(runtime, false, false, 0, 0, 0, null));
    }
}
