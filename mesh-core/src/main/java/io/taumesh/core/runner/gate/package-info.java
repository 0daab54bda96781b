/**
 * How a runtime's health and rollout gate are decided from its signals, and the reason codes that label a cycle.
 * The bottom of the runner: imports nothing else from it.
 */
package io.taumesh.core.runner.gate;
