package io.taumesh.core.bus.message;

import io.taumesh.core.contract.ExitKind;

/** How a child's run ended: its kind, the reason, when, and the runbook's {@code TaskExit::<Kind>(reason)} text. */
public record ChildExit(ExitKind kind, String reason, String at, String display) {}
