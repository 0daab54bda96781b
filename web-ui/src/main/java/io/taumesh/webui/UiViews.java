package io.taumesh.webui;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.message.ClusterView;
import io.taumesh.core.bus.message.RelayHeartbeat;
import io.taumesh.core.bus.message.WidgetView;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.runner.wire.StorageFault;
import io.taumesh.core.security.OperatorRole;
import io.taumesh.core.security.OperatorsFile;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The views {@link UiFeeds} makes for the page ({@code ui.view.*} and the answers on {@code ui.control}), one
 * record each; {@code web-ui/src/main/resources/webroot/app.js} reads them.
 */
final class UiViews {

    private UiViews() {}

    /** {@code ui.view.supervisor}: the supervisor's {@code current_state()} and {@code health()}, null if unanswered. */
    record SupervisorView(
            long seq, @Nullable JsonObject state, @Nullable JsonObject health) {}

    /** {@code ui.view.link}: the relay's last heartbeat, and whether one came within the last seconds. */
    record LinkView(@JsonUnwrapped @Nullable RelayHeartbeat beat, boolean connected) {

        static final LinkView NONE = new LinkView(null, false);

        /** Connected until its last beat is older than {@code staleAfterSecs}. */
        boolean staleAt(Instant now, long staleAfterSecs) {
            return connected && beat != null && Instant.parse(beat.at()).isBefore(now.minusSeconds(staleAfterSecs));
        }
    }

    /** {@code ui.view.cluster}: the members as this node sees them, numbered for the page. */
    record ClusterFeed(@JsonUnwrapped ClusterView view, long seq) {}

    /** What stands for the dashboard's answer when it gave none. */
    record Unanswered(String result, String reason) {}

    /** The answer to a control frame that carries no action. */
    record Refusal(String result, String reason, String requestId) {}

    /**
     * Everything a page needs to draw itself from scratch; {@code audit} is the newest entries of the services' audit
     * trails, newest first (each as its service wrote it, as {@code ui.view.audit} carries the next ones).
     */
    record Snapshot(
            List<WidgetView> views,
            @Nullable SupervisorView supervisor,
            LinkView link,
            @Nullable ClusterView cluster,
            RunnersFeed runners,
            OfferedActions actions,
            List<JsonObject> audit,
            @JsonUnwrapped Session session) {}

    /**
     * What a page's session goes by: how often the dashboard sends every view again, where the stream of updates
     * stands, and who signed in.
     */
    record Session(
            long viewsResentEveryMs,
            ViewHub.Position stream,
            @Nullable SignedIn signedIn) {}

    /**
     * Who signed in, with the role and the actions an {@code operator} may take (an {@code admin} may take every one,
     * a {@code viewer} none): the page disables what the role does not permit; the bridge refuses it anyway.
     */
    record SignedIn(
            String name,
            OperatorRole role,
            List<String> operatorActions,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String expiresAt) {

        static @Nullable SignedIn from(MultiMap headers) {
            String name = headers.get(UiBridge.OPERATOR);
            String role = headers.get(UiBridge.ROLE);
            return name == null || role == null
                    ? null
                    : WireName.parse(OperatorRole.class, role)
                            .map(r -> new SignedIn(
                                    name,
                                    r,
                                    List.copyOf(new TreeSet<>(OperatorRole.OPERATOR_ACTIONS)),
                                    headers.get(UiBridge.EXPIRES)))
                            .orElse(null);
        }
    }

    /**
     * The answer to a page whose named operator's secret has expired: who, since when, and what to do (the page says it).
     */
    record Expired(String signInExpired, String role, String expiredAt, String whatToDo) {

        static Expired of(JsonObject asked) {
            String name = asked.getString("name");
            return new Expired(
                    name,
                    asked.getString("role"),
                    asked.getString("expired_at"),
                    OperatorsFile.renewal(name) + "; then sign in with it");
        }
    }

    /** A reconnecting page's catch-up: the updates it missed ({@code frames}, oldest first) and where the stream is. */
    record Resumed(
            boolean resumed,
            ViewHub.Position stream,
            List<ViewHub.Sent> frames,
            @Nullable SignedIn signedIn) {}

    /** {@code ui.view.runners}: what each runner's status says of its control, numbered for the page. */
    record RunnersFeed(long seq, List<RunnerCard> runners) {}

    /**
     * A runner as its status answers: paused or running, its queue and the limit of a cycle, its committed cycles,
     * and why its state dir takes no writes (null when it does); {@code answered} false when it did not answer.
     */
    record RunnerCard(
            String runtime,
            boolean answered,
            boolean paused,
            int queueDepth,
            int queueLimit,
            long cycleCount,
            @Nullable StorageFault storageFault,
            @Nullable Beat heartbeat) {}

    /**
     * What the supervisor's runtime heartbeat last said of a runner ({@code tau.supervisor.heartbeat}): when it beat,
     * the age of the runner's last event then, and self-repair's view: stuck (queued work, no cycle for the timeout)
     * and for how long, the restarts it asked for in a row, and whether it gave up.
     */
    record Beat(
            long atUnixMs,
            @Nullable Long lastEventAgeMs,
            boolean selfRepair,
            boolean stuck,
            long stuckForMs,
            int restarts,
            boolean gaveUp) {}

    /** The control actions the page offers: runner actions with the parameter it asks for, and child actions. */
    record OfferedActions(List<RunnerOffer> runner, List<String> child) {}

    record RunnerOffer(String action, @Nullable String parameter) {}
}
