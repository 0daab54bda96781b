package io.taumesh.supervisor;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** What a child is: a verticle deployed in this JVM by class name, or an OS process. */
public enum ChildKind implements WireName {
    VERTICLE,
    PROCESS;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
