package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.wire.CaseNote;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.CycleTrace;
import io.taumesh.core.runner.wire.OutputRecord;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one cycle did, tallied from its cases: the counts, the reason codes that label it, the runtime's own
 * codes, the cases worth naming, and each channel's outputs.
 */
record CycleOutcome(
        CycleCounts counts,
        List<ReasonCode> reasonCodes,
        Map<String, Integer> runtimeCounts,
        List<CaseNote> notes,
        Map<String, List<OutputRecord>> outputs) {

    /** The work of a cycle before its tally: how many entries it took and what happened to each. */
    record Work(
            int discovered,
            int processed,
            int duplicates,
            int malformed,
            int retryAttempts,
            int queueDepthAfter,
            List<CaseRun> runs,
            List<CaseNote> notes) {}

    static CycleOutcome tally(Work work, long cycleId, CycleTrace trace, String now) {
        int succeeded = 0;
        int failed = 0;
        int hardFailures = 0;
        int retryable = 0;
        List<CaseNote> notes = new ArrayList<>(work.notes());
        Map<String, Integer> runtimeCounts = new TreeMap<>();
        Map<String, List<OutputRecord>> outputs = new LinkedHashMap<>();
        for (CaseRun run : work.runs()) {
            switch (run.outcome()) {
                case SUCCEEDED -> succeeded++;
                case RETRYABLE_FAILURE -> {
                    failed++;
                    retryable++;
                }
                default -> {
                    failed++;
                    hardFailures++;
                }
            }
            if (run.outcome() != CaseOutcome.SUCCEEDED && notes.size() < CycleReport.MAX_NOTES) {
                notes.add(new CaseNote(
                        run.testCase().origin(), run.testCase().caseId(), run.outcome(), null, run.reason()));
            }
            if (run.result() != null) {
                run.result().reasonCodes().forEach(code -> runtimeCounts.merge(code.wire(), 1, Integer::sum));
            }
            outputs.computeIfAbsent(run.testCase().channelId(), k -> new ArrayList<>())
                    .add(output(run, cycleId, trace, now));
        }
        CycleCounts counts = new CycleCounts(
                work.discovered(),
                work.processed(),
                succeeded,
                failed,
                work.retryAttempts(),
                retryable,
                work.duplicates(),
                work.malformed(),
                work.queueDepthAfter());
        return new CycleOutcome(
                counts, reasonCodes(counts, hardFailures, runtimeCounts), runtimeCounts, List.copyOf(notes), outputs);
    }

    /** The codes in the runbooks' order: what the cycle ran into, or healthy_cycle, then the runtime's own. */
    private static List<ReasonCode> reasonCodes(CycleCounts c, int hardFailures, Map<String, Integer> runtimeCounts) {
        EnumSet<ReasonCode> codes = EnumSet.noneOf(ReasonCode.class);
        if (c.queueDepth() > 0) {
            codes.add(ReasonCode.QUEUE_BACKPRESSURE_APPLIED);
        }
        if (c.duplicates() > 0) {
            codes.add(ReasonCode.DUPLICATE_CASES_SKIPPED);
        }
        if (c.malformed() > 0) {
            codes.add(ReasonCode.MALFORMED_INPUTS_OBSERVED);
        }
        if (c.retryAttempts() > 0) {
            codes.add(ReasonCode.RETRY_ATTEMPTED);
        }
        if (c.retryableFailures() > 0) {
            codes.add(ReasonCode.RETRYABLE_FAILURES_OBSERVED);
        }
        if (hardFailures > 0) {
            codes.add(ReasonCode.CASE_PROCESSING_FAILED);
        }
        if (codes.isEmpty()) {
            codes.add(ReasonCode.HEALTHY_CYCLE);
        }
        runtimeCounts.keySet().forEach(code -> ReasonCode.byCode(code).ifPresent(codes::add));
        return List.copyOf(codes);
    }

    private static OutputRecord output(CaseRun run, long cycleId, CycleTrace trace, String now) {
        CaseResult r = run.result();
        return new OutputRecord(
                MeshMessage.SCHEMA_VERSION,
                new OutputRecord.Origin(
                        run.testCase().caseId(), run.testCase().channelId(), cycleId, "fixture", trace.requestId()),
                new OutputRecord.Verdict(
                        run.outcome(),
                        run.attempts(),
                        r == null ? 0 : r.status(),
                        r == null || r.body() == null ? null : r.body().getMap(),
                        run.reason()),
                now);
    }
}
