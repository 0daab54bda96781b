package io.taumesh.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The series of a Prometheus text exposition ({@code /metrics}): each sample's name and labels. */
final class PrometheusText {

    record Series(String name, Map<String, String> labels) {}

    private PrometheusText() {}

    static List<Series> parse(String exposition) {
        List<Series> series = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            if (brace < 0 || brace > space) {
                series.add(new Series(line.substring(0, space), Map.of()));
                continue;
            }
            series.add(new Series(line.substring(0, brace), labels(line, brace + 1)));
        }
        return series;
    }

    /** {@code key="value",...}} from {@code at}, with the format's escapes undone. */
    private static Map<String, String> labels(String line, int at) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = at;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return labels;
    }
}
