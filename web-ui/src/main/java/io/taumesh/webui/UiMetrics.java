package io.taumesh.webui;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.metrics.MeterScope;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web UI's metrics: open bridge sessions, snapshots served, view updates pushed and slow pages disconnected,
 * control actions by verdict, actions the bridge refused (no token, a wrong token, an address the browser may not
 * use) and connections refused for their origin.
 */
final class UiMetrics implements AutoCloseable {

    /** Why the bridge refused a browser's message before it reached the mesh. */
    enum Refusal implements WireName {
        NO_TOKEN,
        WRONG_TOKEN,
        DENIED_ADDRESS,
        /** A signed-in operator whose role does not permit the action. */
        ROLE,
        /** A named operator whose secret has expired. */
        EXPIRED;

        @Override
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterScope scope;
    private final AtomicInteger sessions = new AtomicInteger();
    private final Counter snapshots;
    private final Counter resumes;
    private final Counter originRejections;
    private final Counter viewsPushed;
    private final Counter slowPages;
    private final Map<ControlVerdict, Counter> controls = new EnumMap<>(ControlVerdict.class);
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);

    UiMetrics(MeterRegistry registry) {
        this.scope = new MeterScope(registry);
        scope.gauge("tau_webui_sessions", "Browser sessions open on the event-bus bridge", Tags.empty(), sessions::get);
        snapshots = Counter.builder("tau_webui_snapshots")
                .description("Full snapshots served to pages that (re)connected")
                .register(registry);
        resumes = Counter.builder("tau_webui_resumes")
                .description("Reconnected pages given exactly the updates they missed instead of a snapshot")
                .register(registry);
        originRejections = Counter.builder("tau_webui_origin_rejections")
                .description("Bridge connections refused because a page of another origin opened them")
                .register(registry);
        viewsPushed = Counter.builder("tau_webui_views_pushed")
                .description("View updates pushed to the open pages, each encoded once for all of them")
                .register(registry);
        slowPages = Counter.builder("tau_webui_slow_pages_disconnected")
                .description(
                        "Pages disconnected because their socket could not take more views (they resync on reconnect)")
                .register(registry);
        for (ControlVerdict verdict : ControlVerdict.values()) {
            controls.put(
                    verdict,
                    Counter.builder("tau_webui_control_actions")
                            .description("Control actions from browsers with the operator token, by the mesh's verdict")
                            .tag("result", verdict.wire())
                            .register(registry));
        }
        for (Refusal refusal : Refusal.values()) {
            refusals.put(
                    refusal,
                    Counter.builder("tau_webui_refused_actions")
                            .description("Browser messages the bridge refused before they reached the mesh, by why")
                            .tag("reason", refusal.wire())
                            .register(registry));
        }
    }

    void sessionOpened() {
        sessions.incrementAndGet();
    }

    void sessionClosed() {
        sessions.decrementAndGet();
    }

    void snapshot() {
        snapshots.increment();
    }

    void resumed() {
        resumes.increment();
    }

    void viewPushed() {
        viewsPushed.increment();
    }

    void slowPageDisconnected() {
        slowPages.increment();
    }

    void originRejected() {
        originRejections.increment();
    }

    /** A control action's answer; anything but an acceptance counts as rejected. */
    void control(String result) {
        controls.get(ControlVerdict.ACCEPTED.wire().equals(result) ? ControlVerdict.ACCEPTED : ControlVerdict.REJECTED)
                .increment();
    }

    void refused(Refusal why) {
        refusals.get(why).increment();
    }

    @Override
    public void close() {
        scope.close();
    }
}
