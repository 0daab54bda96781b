package io.taumesh.launcher.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read the way systemd reads the settings the tests use: {@code ExecStart=} split into words
 * (quotes, backslash escapes, {@code %%} and {@code $$}), {@code Environment=} assignments, other keys as text.
 */
public record UnitFile(Map<String, List<String>> service) {

    public static UnitFile read(Path file) throws IOException {
        Map<String, List<String>> service = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[")) {
                section = trimmed;
                continue;
            }
            if (section.equals("[Service]")) {
                int eq = trimmed.indexOf('=');
                service.computeIfAbsent(trimmed.substring(0, eq), k -> new ArrayList<>())
                        .add(trimmed.substring(eq + 1));
            }
        }
        return new UnitFile(service);
    }

    public String value(String key) {
        List<String> values = service.get(key);
        return values == null ? null : values.get(values.size() - 1).replace("%%", "%");
    }

    public List<String> execStart() {
        return words(service.get("ExecStart").get(0), true);
    }

    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String assignment : service.getOrDefault("Environment", List.of())) {
            for (String word : words(assignment, false)) {
                int eq = word.indexOf('=');
                env.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return env;
    }

    static List<String> words(String line, boolean expandsVariables) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == '%' && i + 1 < line.length() && line.charAt(i + 1) == '%') {
                word.append('%');
                i++;
            } else if (expandsVariables && c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '$') {
                word.append('$');
                i++;
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
