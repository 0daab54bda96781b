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
import java.util.Objects;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * What the page shows of each runner's control state (paused or running, queue and limit, a state dir that takes no
 * writes) and of its heartbeat (the age of its last event, stuck or not, self-repair's restarts): the runners'
 * statuses, asked every second, with the runtime heartbeat's last beat, published on {@code ui.view.runners} when
 * they change.
 */
final class RunnerCards {

    private static final Logger LOG = Logger.getLogger(RunnerCards.class.getName());

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

    /** The part of the runtime heartbeat's report the cards need ({@code tau.supervisor.heartbeat}). */
    record HeartbeatBrief(
            int schemaVersion,
            long updatedUnixMs,
            List<EventAge> events,
            @Nullable SelfRepairBrief selfRepair) implements MeshMessage {}

    record EventAge(String runtime, @Nullable Long lastEventAgeMs) {}

    record SelfRepairBrief(boolean enabled, List<RunnerRepairBrief> runners) {}

    record RunnerRepairBrief(String runtime, boolean stuck, long stuckForMs, int restarts, boolean gaveUp) {}

    private static final List<String> RUNTIMES = List.of("gateway", "dashboard");

    private final Vertx vertx;
    private final Consumer<UiViews.RunnersFeed> publish;
    private List<UiViews.RunnerCard> last = List.of();
    private long seq;
    private @Nullable HeartbeatBrief heartbeat;

    RunnerCards(Vertx vertx, Consumer<UiViews.RunnersFeed> publish) {
        this.vertx = vertx;
        this.publish = publish;
    }

    void start() {
        vertx.eventBus().<JsonObject>consumer(Addresses.SUPERVISOR_HEARTBEAT, m -> heartbeat(m.body()));
        vertx.setPeriodic(ASK_EVERY_MS, id -> current().onSuccess(feed -> {}));
    }

    /** A beat of the runtime heartbeat; one that cannot be read leaves the last. */
    private void heartbeat(JsonObject body) {
        try {
            heartbeat = MeshJson.fromJson(body, HeartbeatBrief.class);
        } catch (RuntimeException e) {
            LOG.warning(() -> "ignoring a runtime heartbeat it cannot read: " + e.getMessage());
        }
    }

    /** What the last beat said of {@code runtime}; null before the first beat. */
    static UiViews.@Nullable Beat beat(@Nullable HeartbeatBrief h, String runtime) {
        if (h == null) {
            return null;
        }
        Long age = h.events() == null
                ? null
                : h.events().stream()
                        .filter(e -> runtime.equals(e.runtime()))
                        .map(EventAge::lastEventAgeMs)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        RunnerRepairBrief repair = h.selfRepair() == null || h.selfRepair().runners() == null
                ? null
                : h.selfRepair().runners().stream()
                        .filter(r -> runtime.equals(r.runtime()))
                        .findFirst()
                        .orElse(null);
        boolean enabled = h.selfRepair() != null && h.selfRepair().enabled();
        return repair == null
                ? new UiViews.Beat(h.updatedUnixMs(), age, enabled, false, 0, 0, false)
                : new UiViews.Beat(
                        h.updatedUnixMs(),
                        age,
                        enabled,
                        repair.stuck(),
                        repair.stuckForMs(),
                        repair.restarts(),
                        repair.gaveUp());
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
    static UiViews.RunnerCard card(String runtime, StatusAnswer answer, UiViews.@Nullable Beat beat) {
        StatusBrief s = answer.detail();
        return s == null
                ? new UiViews.RunnerCard(runtime, false, false, 0, 0, 0, null, beat)
                : new UiViews.RunnerCard(
                        runtime,
                        true,
                        s.paused(),
                        s.queueDepth(),
                        s.queueLimit(),
                        s.cycleCount(),
                        s.storageFault(),
                        beat);
    }

    private Future<UiViews.RunnerCard> ask(String runtime) {
        String address = runtime.equals("gateway") ? Addresses.GATEWAY_STATUS : Addresses.DASHBOARD_STATUS;
        UiViews.Beat beat = beat(heartbeat, runtime);
        return MeshBus.request(vertx, address, new JsonObject(), Correlation.fresh(), ANSWER_WITHIN_MS)
                .map(m -> card(runtime, MeshJson.fromJson(m.body(), StatusAnswer.class), beat))
                .otherwise(new UiViews.RunnerCard(runtime, false, false, 0, 0, 0, null, beat));
    }
}
