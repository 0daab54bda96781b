package io.taumesh.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/event-bus.md's address tables and {@link Addresses} name the same addresses, both ways. */
class AddressBookDocTest {

    private static final Path DOC =
            Path.of(System.getProperty("user.dir")).getParent().resolve("docs/event-bus.md");
    /** Constants of the book that are not addresses: a prefix, a pattern and a map name. */
    private static final Set<String> NOT_ADDRESSES = Set.of("UI_VIEW_PREFIX", "UI_VIEW_PATTERN", "SINGLETON_MAP");

    private static final Pattern ROW = Pattern.compile("^\\| ([^|]+) \\|", Pattern.MULTILINE);
    private static final Pattern ADDRESS = Pattern.compile("`((?:tau|ui)\\.[a-z_<>.]+)`");

    @Test
    void everyAddressInTheCodeIsDocumentedAndEveryDocumentedOneIsInTheCode() throws Exception {
        assertThat(documented()).isEqualTo(inCode());
    }

    @Test
    void theDocumentedSetIsNotEmpty() throws IOException {
        assertThat(documented()).contains("tau.gateway.control", "ui.control", "tau.node.<node_id>.shutdown");
    }

    /** Addresses in the first column of the doc's tables. */
    private static Set<String> documented() throws IOException {
        Set<String> found = new TreeSet<>();
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            Matcher address = ADDRESS.matcher(row.group(1));
            while (address.find()) {
                found.add(address.group(1));
            }
        }
        return found;
    }

    /** Every constant of the book, and every address a method makes (for each service, or for a node). */
    private static Set<String> inCode() throws Exception {
        Set<String> found = new TreeSet<>();
        for (Field f : Addresses.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && f.getType() == String.class
                    && !NOT_ADDRESSES.contains(f.getName())) {
                found.add((String) f.get(null));
            }
        }
        for (Method m : Addresses.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.getParameterCount() != 1) {
                continue;
            }
            if (m.getParameterTypes()[0] == String.class) {
                found.add((String) m.invoke(null, "<node_id>"));
            }
        }
        return found;
    }
}
