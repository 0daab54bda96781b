package io.taumesh.core.audit;

import java.util.List;

/** The answer of {@code tau.<service>.audit} to a query: the service and its newest entries, oldest first. */
public record AuditPage(String service, List<AuditEntry> entries) {}
