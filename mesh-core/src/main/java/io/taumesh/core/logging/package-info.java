/**
 * Log output: the JSON line formatter (with the request and trace ids of the work in progress, from {@code bus}'s
 * correlation) and the choice of format. It imports {@code bus} and {@code contract} only (ArchitectureTest).
 */
package io.taumesh.core.logging;
