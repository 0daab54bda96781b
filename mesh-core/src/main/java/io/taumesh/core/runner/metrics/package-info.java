/**
 * The runner's Micrometer meters: cycles, cases by outcome, health and gate, queue depth.
 */
package io.taumesh.core.runner.metrics;
