package io.taumesh.launcher.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The mesh's flags of a {@code tau-mesh} command line, as the daemon is to run them: every mesh setting the
 * operator gave (the options outside the command groups) is passed on, and every path setting (state dirs,
 * heartbeat state, tool builds, fixtures, supervision config), given or defaulted, is passed on absolute, so
 * that the daemon uses the files the operator meant wherever its service manager starts it.
 */
public final class MeshArguments {

    /** Options that are the daemon's own, not the mesh's: {@code --daemon-run} adds the state dir itself. */
    static final Set<String> DAEMON_OWN = Set.of("--daemon-state-dir");

    /** Options that name a dir or say a word instead ({@code none}): the dir is passed on absolute, the word as it is. */
    static final Set<String> DIR_OR_WORD = Set.of("--discovery-dir");

    private MeshArguments() {}

    public static List<String> of(ParseResult parsed) {
        return of(parsed, Map.of());
    }

    /** As {@link #of(ParseResult)}, with {@code overrides} (option name to value) replacing what the command line says. */
    public static List<String> of(ParseResult parsed, Map<String, String> overrides) {
        CommandSpec spec = parsed.commandSpec();
        Map<String, List<String>> args = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (option.group() != null || option.usageHelp() || option.versionHelp() || DAEMON_OWN.contains(name)) {
                continue;
            }
            boolean given = parsed.hasMatchedOption(name);
            if (isPath(option)) {
                List<String> values = new ArrayList<>();
                for (Path path : paths(option.getValue())) {
                    values.add(name);
                    values.add(path.toAbsolutePath().normalize().toString());
                }
                if (!values.isEmpty()) {
                    args.put(name, values);
                }
            } else if (DIR_OR_WORD.contains(name)
                    && option.getValue() instanceof String dir
                    && !dir.isBlank()
                    && !dir.trim().equalsIgnoreCase("none")) {
                args.put(
                        name,
                        List.of(name, Path.of(dir).toAbsolutePath().normalize().toString()));
            } else if (given) {
                args.put(name, given(option, parsed.matchedOption(name)));
            }
        }
        overrides.forEach((name, value) -> {
            OptionSpec option = spec.findOption(name);
            boolean bool = option != null && (option.type() == boolean.class || option.type() == Boolean.class);
            args.put(name, bool ? List.of(name + "=" + value) : List.of(name, value));
        });
        return args.values().stream().flatMap(List::stream).toList();
    }

    private static List<String> given(OptionSpec option, OptionSpec matched) {
        boolean bool = option.type() == boolean.class || option.type() == Boolean.class;
        if (bool && option.negatable()) {
            boolean on = Boolean.TRUE.equals(option.getValue());
            return List.of(on ? option.longestName() : option.longestName().replaceFirst("^--", "--no-"));
        }
        if (bool) {
            return List.of(option.longestName() + "=" + option.getValue());
        }
        List<String> out = new ArrayList<>();
        for (String value : matched.originalStringValues()) {
            out.add(option.longestName());
            out.add(value);
        }
        return out;
    }

    private static boolean isPath(OptionSpec option) {
        if (option.type() == Path.class) {
            return true;
        }
        Class<?>[] auxiliary = option.auxiliaryTypes();
        return Collection.class.isAssignableFrom(option.type()) && auxiliary.length == 1 && auxiliary[0] == Path.class;
    }

    private static List<Path> paths(Object value) {
        if (value instanceof Path path) {
            return path.toString().isBlank() ? List.of() : List.of(path);
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream()
                    .filter(Path.class::isInstance)
                    .map(Path.class::cast)
                    .toList();
        }
        return List.of();
    }
}
