package io.taumesh.launcher;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layout the package docs promise, checked on the compiled main classes: services never import each other,
 * the shared core imports no service, and the runner's parts import only the parts below them.
 */
class ArchitectureTest {

    private static final List<String> SERVICES = List.of("supervisor", "gateway", "dashboard", "relay", "webui");
    private static final String RUNNER = "io.taumesh.core.runner.";
    /** Each part of the runner, with the parts it must not import (those above it). */
    private static final Map<String, List<String>> RUNNER_BELOW = Map.of(
            "gate", List.of("wire", "fixture", "storage", "engine", "metrics", "control"),
            "wire", List.of("fixture", "storage", "engine", "metrics", "control"),
            "fixture", List.of("storage", "engine", "metrics", "control"),
            "storage", List.of("engine", "metrics", "control"),
            "engine", List.of("metrics", "control"),
            "metrics", List.of("control"));

    /** Each part of the core with the parts it may import ({@code node}, which puts them together, may import all). */
    private static final Map<String, List<String>> CORE_BUILDS_ON = Map.ofEntries(
            Map.entry("contract", List.of()),
            Map.entry("files", List.of()),
            Map.entry("schema", List.of("contract")),
            Map.entry("bus", List.of("contract")),
            Map.entry("metrics", List.of("contract")),
            Map.entry("logging", List.of("bus", "contract")),
            Map.entry("security", List.of("bus", "contract", "files")),
            Map.entry("cluster", List.of("contract", "security")),
            Map.entry("audit", List.of("bus", "contract")),
            Map.entry("ops", List.of("audit", "bus", "cluster", "contract", "metrics", "security")),
            Map.entry("runner", List.of("audit", "bus", "contract", "files", "metrics", "schema", "security")));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("io.taumesh");

    @Test
    void everyModuleIsOnTheClassPath() {
        Stream.concat(SERVICES.stream(), Stream.of("core", "client", "testkit", "launcher"))
                .forEach(module -> assertThat(
                                MAIN.stream().anyMatch(c -> c.getPackageName().startsWith("io.taumesh." + module)))
                        .as("classes of io.taumesh.%s imported", module)
                        .isTrue());
    }

    @Test
    void servicesNeverImportEachOther() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream()
                    .filter(s -> !s.equals(service))
                    .map(s -> "io.taumesh." + s + "..")
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage("io.taumesh." + service + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .orShould()
                    .dependOnClassesThat()
                    .resideInAPackage("io.taumesh.launcher..")
                    .check(MAIN);
        }
    }

    @Test
    void theCoreImportsNoService() {
        String[] above = Stream.concat(SERVICES.stream(), Stream.of("client", "testkit", "launcher", "bench"))
                .map(s -> "io.taumesh." + s + "..")
                .toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage("io.taumesh.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above)
                .check(MAIN);
    }

    @Test
    @DisplayName("the client builds on the core only, the test kit on the client and the core; no service uses either")
    void theClientAndTheTestKitStandOnTheCore() {
        classes()
                .that()
                .resideInAPackage("io.taumesh.client..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage("io.taumesh.client..", "io.taumesh.core..")
                        .or(resideOutsideOfPackage("io.taumesh..")))
                .check(MAIN);
        classes()
                .that()
                .resideInAPackage("io.taumesh.testkit..")
                .should()
                .onlyDependOnClassesThat(
                        resideInAnyPackage("io.taumesh.testkit..", "io.taumesh.client..", "io.taumesh.core..")
                                .or(resideOutsideOfPackage("io.taumesh..")))
                .check(MAIN);
        for (String service : SERVICES) {
            noClasses()
                    .that()
                    .resideInAPackage("io.taumesh." + service + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("io.taumesh.client..", "io.taumesh.testkit..")
                    .check(MAIN);
        }
    }

    @Test
    void theRunnersPartsImportOnlyThePartsBelowThem() {
        RUNNER_BELOW.forEach((part, above) -> noClasses()
                .that()
                .resideInAPackage(RUNNER + part)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(above.stream().map(a -> RUNNER + a).toArray(String[]::new))
                .check(MAIN));
    }

    @Test
    void eachPartOfTheCoreImportsOnlyThePartsItBuildsOn() {
        CORE_BUILDS_ON.forEach((part, below) -> {
            String pkg = "io.taumesh.core." + part + "..";
            String[] allowed = Stream.concat(Stream.of(pkg), below.stream().map(b -> "io.taumesh.core." + b + ".."))
                    .toArray(String[]::new);
            classes()
                    .that()
                    .resideInAPackage(pkg)
                    .should()
                    .onlyDependOnClassesThat(resideInAnyPackage(allowed).or(resideOutsideOfPackage("io.taumesh..")))
                    .check(MAIN);
        });
    }
}
