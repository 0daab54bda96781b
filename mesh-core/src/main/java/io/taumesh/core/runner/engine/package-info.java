/**
 * Cycles: queueing fixture entries, running cases with retries, tallying and committing each cycle, one piece of
 * state-changing work at a time. {@link io.taumesh.core.runner.engine.ContractRunner} is the entry point.
 */
package io.taumesh.core.runner.engine;
