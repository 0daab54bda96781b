package io.taumesh.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

@DisplayName("Report charts")
class SvgChartTest {

    @Test
    @DisplayName("a line per series, x on a log scale, y from 0 upwards, names escaped, written beside the report")
    void drawsSeries(@TempDir Path dir) throws Exception {
        List<SvgChart.Series> series = List.of(
                new SvgChart.Series(
                        "p50", List.of(new double[] {1, 2}, new double[] {100, 4}, new double[] {10_000, 8})),
                new SvgChart.Series(
                        "p99 <tail>", List.of(new double[] {1, 5}, new double[] {100, 9}, new double[] {10_000, 40})));
        String link = SvgChart.write(dir.resolve("REPORT.md"), "demo", "Latency & clients", "clients", "ms", series);
        assertThat(link).isEqualTo("![Latency & clients](charts/demo.svg)\n");
        String svg = Files.readString(dir.resolve("charts/demo.svg"));

        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList lines = doc.getElementsByTagName("polyline");
        // The axes, then one line per series.
        assertThat(lines.getLength()).isEqualTo(3);
        List<double[]> p99 = points((Element) lines.item(2));
        assertThat(p99).hasSize(3);
        // Equal steps on a log scale: 1 -> 100 -> 10k are equally far apart.
        assertThat(p99.get(1)[0] - p99.get(0)[0]).isCloseTo(p99.get(2)[0] - p99.get(1)[0], Offset.offset(0.2));
        // SVG's y grows downwards: a larger value is drawn higher.
        assertThat(p99.get(2)[1]).isLessThan(p99.get(1)[1]).isLessThan(p99.get(0)[1]);
        assertThat(svg).contains("p99 &lt;tail&gt;").contains(">10k<").contains(">50<");
    }

    @Test
    @DisplayName("the y axis ends at 1, 2 or 5 times a power of ten")
    void niceCeiling() {
        assertThat(SvgChart.niceCeiling(40)).isEqualTo(50);
        assertThat(SvgChart.niceCeiling(0.3)).isEqualTo(0.5);
        assertThat(SvgChart.niceCeiling(101)).isEqualTo(200);
        assertThat(SvgChart.niceCeiling(1000)).isEqualTo(1000);
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1);
    }

    private static List<double[]> points(Element polyline) {
        List<double[]> points = new ArrayList<>();
        for (String pair : polyline.getAttribute("points").trim().split("\\s+")) {
            String[] xy = pair.split(",");
            points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return points;
    }
}
