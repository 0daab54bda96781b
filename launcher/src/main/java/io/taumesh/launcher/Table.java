package io.taumesh.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A readable two-column listing for the inspect commands without {@code --*-json}. */
final class Table {

    private final String title;
    private final List<String[]> rows = new ArrayList<>();

    Table(String title) {
        this.title = title;
    }

    Table row(String key, Object value) {
        rows.add(new String[] {key, String.valueOf(value)});
        return this;
    }

    void print(PrintStream out) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        out.println(title);
        for (String[] r : rows) {
            out.printf("  %-" + width + "s  %s%n", r[0], r[1]);
        }
    }
}
