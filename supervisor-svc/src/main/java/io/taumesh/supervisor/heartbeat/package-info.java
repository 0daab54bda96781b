/**
 * The supervisor's heartbeat over the runners: probing their status, self-repair of a stuck runner, and sweeping
 * orphaned processes. Imports the supervisor package and {@code mesh-core}.
 */
package io.taumesh.supervisor.heartbeat;
