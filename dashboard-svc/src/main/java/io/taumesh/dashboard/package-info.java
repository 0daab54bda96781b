/**
 * The dashboard service: the dashboard runtime of the contract runner (widget views, control actions, the canary
 * tracker) and its verticle. Imports {@code mesh-core} only, never another service.
 */
package io.taumesh.dashboard;
