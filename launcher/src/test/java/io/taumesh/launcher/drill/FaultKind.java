package io.taumesh.launcher.drill;

/** The faults the drill injects. */
enum FaultKind {
    /** SIGKILL: no goodbye; restarted at once, as a service manager does. */
    SIGKILL,
    /** SIGTERM: a clean stop, waited for, then a restart. */
    SIGTERM,
    /** SIGSTOP for longer than the failure detection (a long GC pause, a frozen VM), then SIGCONT. */
    PAUSE,
    /** SIGKILL a few milliseconds after the runner logged a cycle, while the next one is being committed. */
    MID_CYCLE_KILL,
    /** The member's network unplugged for longer than the failure detection (its packets lost both ways), then plugged back. */
    PARTITION
}
