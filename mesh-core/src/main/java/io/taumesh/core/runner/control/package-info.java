/**
 * A runner on the bus: its control actions, status and inspection endpoints, batch runs, and the offline inspector.
 * Built on the engine and the metrics; nothing else in the runner imports it.
 */
package io.taumesh.core.runner.control;
