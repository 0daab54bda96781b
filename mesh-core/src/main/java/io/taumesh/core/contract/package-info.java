/**
 * The wire vocabulary shared by every service and client: enums of states, verdicts and actions with their wire
 * names, and {@link io.taumesh.core.contract.FieldError}. Imports nothing from the mesh.
 */
package io.taumesh.core.contract;
