/**
 * How a node joins and stays in one mesh: Hazelcast's configuration, seed discovery and merge search, the
 * join secret and protocol handshake, bus TLS, and the membership view. Imports only {@code contract} and
 * {@code security} of the core.
 */
package io.taumesh.core.cluster;
