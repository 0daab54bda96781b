package io.taumesh.core.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A value of the mesh's vocabulary with the one name it has on the wire, in files and on the command line. */
public interface WireName {

    String wire();

    /** The constant of {@code type} whose wire name is {@code name}, if any. */
    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String name) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.wire().equals(name))
                .findFirst();
    }

    /** Every wire name of {@code type}, in declaration order: for messages that list what is allowed. */
    static <E extends Enum<E> & WireName> List<String> all(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::wire).toList();
    }

    /** {@code a, b, c}: the allowed names, for an error message. */
    static <E extends Enum<E> & WireName> String listed(Class<E> type) {
        return String.join(", ", all(type));
    }
}
