package io.taumesh.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * What lifting a quarantine takes: the operator's word on why the child may run again (its cause is gone), kept in
 * the audit trail and with the release's marker. A quarantine stops a crash loop; a release without a reason would
 * make the next one nobody's decision.
 */
final class ReleaseReason {

    static final int MAX_LENGTH = 500;

    private ReleaseReason() {}

    /** Why {@code reason} cannot lift a quarantine, or null when it can. */
    static @Nullable String problem(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            return "reason: is required to release a quarantined child: say why its cause is gone "
                    + "(--supervisor-command-reason, the page's reason field, or \"reason\" in the command)";
        }
        if (reason.length() > MAX_LENGTH) {
            return "reason: at most " + MAX_LENGTH + " characters, got " + reason.length();
        }
        return null;
    }
}
