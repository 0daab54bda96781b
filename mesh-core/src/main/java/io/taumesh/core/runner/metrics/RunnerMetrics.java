package io.taumesh.core.runner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.taumesh.core.contract.ControlVerdict;
import io.taumesh.core.contract.RunnerAction;
import io.taumesh.core.contract.SupervisorCommand;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.metrics.MeterScope;
import io.taumesh.core.runner.engine.ContractRunner;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.ControlResult;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A runner's domain metrics, labelled by {@code runtime} and by the contract's vocabulary only (reason codes,
 * case outcomes, health states, gates, actions, verdicts): never by a case, actor, channel or request id.
 * Counters and the cycle-duration histogram are fed by each committed cycle and each control answer; the gauges
 * read a snapshot that the runner's own context refreshes, since a scrape runs on another thread.
 */
public final class RunnerMetrics implements AutoCloseable {

    /** What a control action that names none of the known actions is counted as. */
    static final String UNKNOWN_ACTION = "unknown";
    /** Cycle-duration buckets, up to the p95 alert's 5 s and past it. */
    static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2_500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    /** The gauges' values, as of the last refresh on the runner's context. */
    private record Snapshot(
            HealthState health,
            RolloutGate gate,
            boolean insufficientData,
            int failureStreak,
            int queueDepth,
            int queueLimit,
            boolean paused) {}

    private final MeterScope scope;
    private final ContractRunner runner;
    private final Tags runtime;
    private final Counter cycles;
    private final Counter retryAttempts;
    private final Timer cycleDuration;
    private final Map<ReasonCode, Counter> reasonCodes = new EnumMap<>(ReasonCode.class);
    private final Map<CaseOutcome, Counter> cases = new EnumMap<>(CaseOutcome.class);
    private final Map<String, Counter> controls = new ConcurrentHashMap<>();
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> dryRunDisagreements = new ConcurrentHashMap<>();
    private final Set<String> knownActions = new HashSet<>();
    private volatile Snapshot snapshot;

    public RunnerMetrics(MeterRegistry registry, ContractRunner runner) {
        this.scope = new MeterScope(registry);
        this.runner = runner;
        this.runtime = Tags.of("runtime", runner.profile().runtime());
        knownActions.addAll(WireName.all(RunnerAction.class));
        knownActions.addAll(SupervisorCommand.childActions());
        cycles = Counter.builder("tau_runner_cycles")
                .description("Committed cycles of a runner")
                .tags(runtime)
                .register(registry);
        retryAttempts = Counter.builder("tau_runner_retry_attempts")
                .description("Retries of cases with a transient failure")
                .tags(runtime)
                .register(registry);
        cycleDuration = Timer.builder("tau_runner_cycle_duration")
                .description("Duration of a runner's cycle, commit included")
                .tags(runtime)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
        registerPerLabelCounters(registry);
        registerOutsideCounters();
        // Every guardrail up front, at 0, whether in dry run or not: a rule reads the series before it moves.
        runner.profile().policy().guardrails().forEach(this::dryRunDisagreements);
        refresh();
        registerStateGauges();
    }

    /** One counter per reason code and per case outcome, registered up front so that each shows from the start. */
    private void registerPerLabelCounters(MeterRegistry registry) {
        for (ReasonCode code : ReasonCode.values()) {
            reasonCodes.put(
                    code,
                    Counter.builder("tau_runner_cycle_reason_codes")
                            .description(
                                    "Committed cycles labelled with each reason code (a cycle carries one or more)")
                            .tags(runtime)
                            .tag("reason_code", code.wire())
                            .register(registry));
        }
        for (CaseOutcome outcome : CaseOutcome.values()) {
            cases.put(
                    outcome,
                    Counter.builder("tau_runner_cases")
                            .description("Cases a runner took, by how they ended")
                            .tags(runtime)
                            .tag("outcome", outcome.wire())
                            .register(registry));
        }
    }

    /** The count of cycles a guardrail in dry run would have held; the gate's guardrails are a closed set. */
    private Counter dryRunDisagreements(String guardrail) {
        return dryRunDisagreements.computeIfAbsent(
                guardrail,
                k -> Counter.builder("tau_runner_gate_dry_run_disagreements")
                        .description("Cycles whose gate passed while a guardrail in dry run breached (would hold)")
                        .tags(runtime)
                        .tag("guardrail", guardrail)
                        .register(scope.registry()));
    }

    /** Records taken outside cycles (the gateway's HTTP ingress): forced writes, records, and refusals. */
    private void registerOutsideCounters() {
        scope.counter(
                "tau_runner_outside_writes",
                "Forced writes of records from outside cycles (each holds every record that waited for it)",
                runtime,
                () -> runner.outsideTally().batches());
        scope.counter(
                "tau_runner_outside_records",
                "Records from outside cycles written and acknowledged",
                runtime,
                () -> runner.outsideTally().records());
        scope.counter(
                "tau_runner_outside_refused",
                "Records from outside cycles refused unnumbered (503 with Retry-After) for a full backlog",
                runtime,
                () -> runner.outsideTally().refusedFull());
    }

    /** The gauges of the runner's state, read from the last {@link #refresh()}. */
    private void registerStateGauges() {
        scope.gauge("tau_runner_failure_streak", "Failed cycles in a row", runtime, () -> snapshot.failureStreak());
        scope.gauge("tau_runner_queue_depth", "Cases waiting for a cycle", runtime, () -> snapshot.queueDepth());
        scope.gauge("tau_runner_queue_limit", "Cases a cycle takes at most", runtime, () -> snapshot.queueLimit());
        scope.gauge("tau_runner_paused", "1 while the runner is paused", runtime, () -> snapshot.paused() ? 1 : 0);
        scope.stateGauge(
                "tau_runner_health_state",
                "1 for the runner's current health state",
                runtime,
                "state",
                HealthState.class,
                () -> snapshot.health());
        scope.stateGauge(
                "tau_runner_rollout_gate",
                "1 for the runner's current rollout gate",
                runtime,
                "gate",
                RolloutGate.class,
                () -> snapshot.gate());
        scope.gauge(
                "tau_runner_gate_insufficient_data",
                "1 while the gate holds for want of fresh samples (an idle or new runner), not for a breach",
                runtime,
                () -> snapshot.insufficientData() ? 1 : 0);
    }

    /** Reads the runner's state into the gauges' snapshot; call on the runner's context. */
    public void refresh() {
        RunnerState s = runner.state().asOf(System.currentTimeMillis());
        snapshot = new Snapshot(
                s.standing().health().state(),
                s.standing().rollout().gate(),
                s.standing().rollout().breaches().contains(GateWindow.INSUFFICIENT_DATA),
                s.standing().failureStreak(),
                runner.queueDepth(),
                s.queue().queueLimit(),
                s.paused());
    }

    /** Counts a committed cycle; call on the runner's context. */
    public void cycle(CycleReport report) {
        cycles.increment();
        cycleDuration.record(Duration.ofMillis(report.timing().durationMs()));
        report.results().reasonCodes().forEach(code -> reasonCodes.get(code).increment());
        CycleCounts c = report.results().counts();
        cases.get(CaseOutcome.SUCCEEDED).increment(c.succeeded());
        cases.get(CaseOutcome.FAILED).increment(c.failed() - c.retryableFailures());
        cases.get(CaseOutcome.RETRYABLE_FAILURE).increment(c.retryableFailures());
        cases.get(CaseOutcome.MALFORMED).increment(c.malformed());
        retryAttempts.increment(c.retryAttempts());
        // The reason codes a policy gives are a closed set (docs/decisions.md): a bounded label.
        verdicts.computeIfAbsent(
                        report.standing().rollout().gate().wire() + "|"
                                + report.standing().rollout().reasonCode(),
                        k -> Counter.builder("tau_runner_gate_verdicts")
                                .description("Cycles by the gate verdict they ended with and its reason code")
                                .tags(runtime)
                                .tag("gate", report.standing().rollout().gate().wire())
                                .tag("reason_code", report.standing().rollout().reasonCode())
                                .register(scope.registry()))
                .increment();
        if (report.standing().rollout().gate() == RolloutGate.PASS) {
            // A guardrail in dry run that breached while the gate passed: enforced, it would have held.
            report.standing()
                    .rollout()
                    .dryRunBreaches()
                    .forEach(guardrail -> dryRunDisagreements
                            .computeIfAbsent(
                                    guardrail,
                                    k -> Counter.builder("tau_runner_gate_dry_run_disagreements")
                                            .description(
                                                    "Cycles whose gate passed while a guardrail in dry run breached")
                                            .tags(runtime)
                                            .tag("guardrail", guardrail)
                                            .register(scope.registry()))
                            .increment());
        }
        refresh();
    }

    /** Counts a control action's answer; an action name outside the vocabulary is counted as {@value #UNKNOWN_ACTION}. */
    public void control(ControlResult result) {
        String action = knownActions.contains(result.action()) ? result.action() : UNKNOWN_ACTION;
        ControlVerdict verdict = result.result();
        controls.computeIfAbsent(
                        action + "|" + verdict.wire(),
                        k -> Counter.builder("tau_runner_control_actions")
                                .description("Control actions a runner answered, by action and verdict")
                                .tags(runtime)
                                .tag("action", action)
                                .tag("result", verdict.wire())
                                .register(scope.registry()))
                .increment();
        refresh();
    }

    @Override
    public void close() {
        scope.close();
    }
}
