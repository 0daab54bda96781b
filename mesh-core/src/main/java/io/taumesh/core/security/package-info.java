/**
 * Credentials and confinement: the mesh's join secret and bus key, the operator token, TLS material, input limits,
 * and path confinement for files named in requests. Imports only {@code bus}, {@code contract} and {@code files} of
 * the core.
 */
package io.taumesh.core.security;
