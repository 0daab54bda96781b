/**
 * The runner's records as stored in its state dir and sent on the bus: state, cycle reports, statuses, outputs and
 * control results, bound by Jackson. May import {@code runner.gate} only.
 */
package io.taumesh.core.runner.wire;
