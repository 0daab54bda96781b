/**
 * The audit trail's vocabulary: an entry (a control action or supervisor command a service answered, or one an
 * entrance refused), the answer to a query, and an entrance's report of a refusal. The trail itself, written by the
 * service that answers ({@code audit.jsonl}), is {@code runner.control.AuditTrail}. Builds on the bus only.
 */
package io.taumesh.core.audit;
