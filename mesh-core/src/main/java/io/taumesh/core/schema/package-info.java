/**
 * The published JSON Schemas ({@code docs/schemas}, shipped in the jar) that the supervision config and the fixtures
 * are checked against before they are bound, with the validator's findings turned into a {@code FieldError} that names
 * the field ({@code children[1].budget.capacity}). Imports only {@code contract} of the core.
 */
package io.taumesh.core.schema;
