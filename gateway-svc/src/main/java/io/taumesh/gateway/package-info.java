/**
 * The gateway service: the gateway runtime of the contract runner, its guardrails, and the HTTP ingress that records
 * each actor's requests. Imports {@code mesh-core} only, never another service.
 */
package io.taumesh.gateway;
