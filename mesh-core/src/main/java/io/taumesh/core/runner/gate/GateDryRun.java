package io.taumesh.core.runner.gate;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The guardrails of a gate set to dry run, by the breach code each raises ({@code failure_streak_threshold_breached},
 * {@code insufficient_data} ...): evaluated and recorded with every verdict, never moving the gate. A threshold can
 * so be tried on live traffic before it acts; what it would have done is in the decision record, {@code --explain}
 * and {@code tau_runner_gate_dry_run_disagreements_total}.
 */
public record GateDryRun(Set<String> guardrails) {

    public static final GateDryRun NONE = new GateDryRun(Set.of());
    static final String FIELD = "dry_run";

    public GateDryRun {
        guardrails = guardrails == null ? Set.of() : Set.copyOf(guardrails);
    }

    /** The guardrails in a fixed order: a description, and so the policy's version, must not depend on a set's. */
    public List<String> sorted() {
        return List.copyOf(new TreeSet<>(guardrails));
    }

    public static GateDryRun of(List<String> guardrails) {
        return new GateDryRun(guardrails == null ? Set.of() : Set.copyOf(guardrails));
    }

    /** The dry run a stored policy description names; none when it names none. */
    public static GateDryRun of(Map<String, Object> describedPolicy) {
        Object named = describedPolicy == null ? null : describedPolicy.get(FIELD);
        List<String> codes = new ArrayList<>();
        if (named instanceof List<?> list) {
            list.forEach(code -> codes.add(String.valueOf(code)));
        } else if (named instanceof JsonArray array) {
            array.forEach(code -> codes.add(String.valueOf(code)));
        }
        return of(codes);
    }

    /** Refuses a guardrail {@code policy} does not have, naming the ones it has. */
    public GateDryRun requireKnown(RolloutPolicy policy) {
        List<String> known = policy.guardrails();
        for (String guardrail : guardrails) {
            if (!known.contains(guardrail)) {
                throw new FieldError(
                        "gate_dry_run", "'" + guardrail + "' is no guardrail of this gate; it has " + known);
            }
        }
        return this;
    }

    /** {@code policy} with these guardrails recorded but not enforced; itself when there are none. */
    public RolloutPolicy over(RolloutPolicy policy) {
        RolloutPolicy enforced = policy instanceof DryRunPolicy d ? d.enforced() : policy;
        return guardrails.isEmpty() ? enforced : new DryRunPolicy(requireKnown(enforced), enforced);
    }

    /**
     * {@code full} with its dry-run breaches moved aside: a hold that only they raised is a pass for {@code passCode},
     * and a hold that an enforced breach raised keeps that breach as its reason code.
     */
    public RolloutPolicy.Decision apply(RolloutPolicy.Decision full, String passCode) {
        if (guardrails.isEmpty()) {
            return full;
        }
        List<String> enforced = new ArrayList<>();
        List<String> dryRun = new ArrayList<>(full.dryRunBreaches());
        for (String breach : full.breaches()) {
            (guardrails.contains(breach) ? dryRun : enforced).add(breach);
        }
        if (full.gate() == RolloutGate.PASS || enforced.isEmpty()) {
            return new RolloutPolicy.Decision(
                    RolloutGate.PASS,
                    full.gate() == RolloutGate.PASS ? full.reasonCode() : passCode,
                    List.of(),
                    dryRun);
        }
        String reason = enforced.contains(full.reasonCode()) ? full.reasonCode() : enforced.get(0);
        return new RolloutPolicy.Decision(RolloutGate.HOLD, reason, enforced, dryRun);
    }

    /** A policy whose dry-run guardrails are evaluated and recorded, never enforced. */
    private record DryRunPolicy(GateDryRun dryRun, RolloutPolicy enforced) implements RolloutPolicy {

        @Override
        public Decision decide(Signals signals) {
            return dryRun.apply(enforced.decide(signals), enforced.passCode());
        }

        @Override
        public List<String> explain(Decision decision, Signals signals) {
            List<String> why = new ArrayList<>(enforced.explain(enforced.decide(signals), signals));
            why.add(
                    decision.dryRunBreaches().isEmpty()
                            ? "dry run of " + String.join(", ", dryRun.sorted()) + ": none breached"
                            : "dry run: " + String.join(", ", decision.dryRunBreaches())
                                    + " breached, recorded, not enforced"
                                    + (decision.gate() == RolloutGate.PASS ? " (enforced, the gate would hold)" : ""));
            return List.copyOf(why);
        }

        @Override
        public JsonObject describe() {
            return enforced.describe().copy().put(FIELD, new JsonArray(dryRun.sorted()));
        }

        @Override
        public List<String> guardrails() {
            return enforced.guardrails();
        }

        @Override
        public String passCode() {
            return enforced.passCode();
        }
    }
}
