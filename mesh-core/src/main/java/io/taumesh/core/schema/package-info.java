/**
 * The published JSON Schemas ({@code docs/schemas}, shipped in the jar) that the supervision config is checked against
 * before it is bound (the fixtures are checked in code, held to their schemas by tests: a validator per case costs too
 * much on large fixtures), with the validator's findings turned into a {@code FieldError} that names
 * the field ({@code children[1].budget.capacity}). Imports only {@code contract} of the core.
 */
package io.taumesh.core.schema;
