/**
 * The ops HTTP server every node runs: health and readiness, metrics, and the operator routes that forward to the
 * bus, with the operator token that guards them. Imports {@code bus}, {@code cluster}, {@code contract},
 * {@code metrics} and {@code security} of the core.
 */
package io.taumesh.core.ops;
