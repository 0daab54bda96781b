package io.taumesh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as a small standalone SVG, drawn beside a report's table: x on a log scale (client counts and
 * history sizes span orders of magnitude), y linear from 0, one line per series, a tick at every measured x.
 */
final class SvgChart {

    /** One line of the chart: its name and its points, x ascending. */
    record Series(String name, List<double[]> points) {}

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    private static final int WIDTH = 680;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private SvgChart() {}

    /**
     * Writes the chart as {@code charts/<name>.svg} beside the report and returns the Markdown that shows it,
     * a link relative to the report.
     */
    static String write(Path report, String name, String title, String xLabel, String yLabel, List<Series> series)
            throws IOException {
        Path dir = report.toAbsolutePath().getParent().resolve("charts");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".svg"), draw(title, xLabel, yLabel, series), StandardCharsets.UTF_8);
        return "![" + title + "](charts/" + name + ".svg)\n";
    }

    static String draw(String title, String xLabel, String yLabel, List<Series> series) {
        Plot plot = Plot.of(series);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(text(WIDTH / 2.0, 22, "middle", 14, title));
        grid(svg, plot);
        xTicks(svg, plot, series);
        axes(svg, xLabel, yLabel);
        for (int i = 0; i < series.size(); i++) {
            line(svg, plot, series.get(i), COLOURS[i % COLOURS.length], TOP + 10 + i * 18);
        }
        return svg.append("</svg>\n").toString();
    }

    /** Where a value falls on the plot: x on a log scale over the measured range, y linear from 0 to a round ceiling. */
    private record Plot(double logMin, double logSpan, double maxY) {

        static final int W = WIDTH - LEFT - RIGHT;
        static final int H = HEIGHT - TOP - BOTTOM;

        static Plot of(List<Series> series) {
            double minX = series.stream()
                    .flatMap(s -> s.points().stream())
                    .mapToDouble(p -> p[0])
                    .min()
                    .orElse(1);
            double maxX = series.stream()
                    .flatMap(s -> s.points().stream())
                    .mapToDouble(p -> p[0])
                    .max()
                    .orElse(10);
            double maxY = niceCeiling(series.stream()
                    .flatMap(s -> s.points().stream())
                    .mapToDouble(p -> p[1])
                    .max()
                    .orElse(1));
            double logMin = Math.log10(Math.max(minX, 1e-9));
            double logSpan = Math.max(Math.log10(Math.max(maxX, 1e-9)) - logMin, 1e-9);
            return new Plot(logMin, logSpan, maxY);
        }

        double x(double x) {
            return LEFT + (Math.log10(Math.max(x, 1e-9)) - logMin) / logSpan * W;
        }

        double y(double y) {
            return TOP + H - y / maxY * H;
        }
    }

    /** The y grid at fifths of the range, each line with its value. */
    private static void grid(StringBuilder svg, Plot plot) {
        for (int i = 0; i <= 5; i++) {
            double y = plot.maxY() * i / 5;
            double py = plot.y(y);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT,
                    py,
                    LEFT + Plot.W,
                    py));
            svg.append(text(LEFT - 6, py + 4, "end", 11, number(y)));
        }
    }

    /** A tick at every measured x, so that each point reads against its own value. */
    private static void xTicks(StringBuilder svg, Plot plot, List<Series> series) {
        series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[0])
                .distinct()
                .forEach(x -> {
                    double px = plot.x(x);
                    svg.append(String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>%n",
                            px,
                            TOP + Plot.H,
                            px,
                            TOP + Plot.H + 5));
                    svg.append(text(px, TOP + Plot.H + 18, "middle", 11, number(x)));
                });
    }

    /** The two axes and their labels. */
    private static void axes(StringBuilder svg, String xLabel, String yLabel) {
        svg.append(String.format(
                Locale.ROOT,
                "<polyline points=\"%d,%d %d,%d %d,%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT,
                TOP,
                LEFT,
                TOP + Plot.H,
                LEFT + Plot.W,
                TOP + Plot.H));
        svg.append(text(LEFT + Plot.W / 2.0, HEIGHT - 10, "middle", 12, xLabel + " (log scale)"));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
                TOP + Plot.H / 2.0,
                TOP + Plot.H / 2.0,
                escape(yLabel)));
    }

    /** One series: a dot at each point, the line through them, and its entry in the legend at height {@code ly}. */
    private static void line(StringBuilder svg, Plot plot, Series s, String colour, int ly) {
        StringBuilder points = new StringBuilder();
        for (double[] p : s.points()) {
            double px = plot.x(p[0]);
            double py = plot.y(p[1]);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            svg.append(String.format(
                    Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, colour));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                points.toString().strip(),
                colour));
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                WIDTH - RIGHT + 12,
                ly,
                WIDTH - RIGHT + 32,
                ly,
                colour));
        svg.append(text(WIDTH - RIGHT + 38, ly + 4, "start", 11, s.name()));
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above the value. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String number(double v) {
        if (v >= 1_000_000 && v % 1_000_000 == 0) {
            return (long) (v / 1_000_000) + "M";
        }
        if (v >= 1_000 && v % 1_000 == 0) {
            return (long) (v / 1_000) + "k";
        }
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String text(double x, double y, String anchor, int size, String content) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x,
                y,
                anchor,
                size,
                escape(content));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
