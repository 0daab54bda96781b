/**
 * Micrometer registry setup and meters shared by the services (HTTP server timings, scoped meter names). Imports
 * only {@code contract} of the core.
 */
package io.taumesh.core.metrics;
