/**
 * The runner's Micrometer meters: cycles, cases by outcome, health and gate verdicts, dry-run disagreements, queue
 * depth. It reads the engine and never imports the runner's control (ArchitectureTest).
 */
package io.taumesh.core.runner.metrics;
