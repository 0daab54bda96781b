/**
 * Cycles: queueing fixture entries, running cases with retries, tallying and committing each cycle, one piece of
 * state-changing work at a time. {@link io.taumesh.core.runner.engine.ContractRunner} is the entry point. It builds on
 * the runner's gate, wire, fixture and storage parts, and never imports its metrics or control (ArchitectureTest).
 */
package io.taumesh.core.runner.engine;
