package io.taumesh.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.testing.PublishedSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The schemas the services check their input against are the published ones (docs/schemas), byte for byte. */
@DisplayName("Shipped schemas")
class ShippedSchemasTest {

    @Test
    @DisplayName("every published schema is shipped on the class path as it is in docs/schemas")
    void shippedAsPublished() throws IOException {
        List<Path> published;
        try (Stream<Path> files = Files.list(PublishedSchema.DIR)) {
            published = files.filter(p -> p.toString().endsWith(".schema.json"))
                    .sorted()
                    .toList();
        }
        assertThat(published)
                .extracting(p -> p.getFileName().toString())
                .contains("supervision-config.schema.json", "gateway-fixture.schema.json");
        for (Path file : published) {
            String name = file.getFileName().toString();
            try (InputStream shipped = SchemaCheck.class.getResourceAsStream("/io/taumesh/schemas/" + name)) {
                assertThat(shipped).as(name).isNotNull();
                assertThat(shipped.readAllBytes()).as(name).isEqualTo(Files.readAllBytes(file));
            }
        }
    }
}
