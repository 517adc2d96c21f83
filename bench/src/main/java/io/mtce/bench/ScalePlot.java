package io.mtce.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws the results CSV of the agent scale benchmark as a 2 x 2 PNG: (a) agent CPU, (b) heap and RSS, (c) handling
 * latency p50/p99 on a log scale against the 1 ms p99 target, (d) drops labelled with drops/sent. Columns are found
 * by name; each row is a point, and each mode's line goes through the per-hosts median of its repeated runs. The
 * optional {@code rtt_p99_us} (round trip seen by the load generator) is drawn dotted in (c) when present.
 */
public final class ScalePlot {
    static final int WIDTH = 1400;
    static final int HEIGHT = 1000;
    static final List<String> REQUIRED = List.of("hosts", "mode", "cpu_pct", "heap_mb", "rss_mb", "p50_us", "p99_us",
            "sent", "drops");
    private static final String RTT = "rtt_p99_us";
    private static final String X_LABEL = "simulated hosts (mtcAlive 1/s each)";
    private static final double TARGET_MS = 1.0;

    private static final int TITLE_BAND = 92;
    private static final int BOTTOM_BAND = 44;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 26);
    private static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0x17becf)};
    /** Marker outlines in units of the marker radius: square, triangle, diamond, inverted triangle. */
    private static final double[][] POLYGONS = {{-0.9, -0.9, 0.9, -0.9, 0.9, 0.9, -0.9, 0.9},
        {0, -1.2, 1.1, 0.8, -1.1, 0.8}, {0, -1.3, 1.3, 0, 0, 1.3, -1.3, 0}, {0, 1.2, 1.1, -0.8, -1.1, -0.8}};
    private static final Color GRID = new Color(0xe2e2e2);
    private static final Color MINOR_GRID = new Color(0xf2f2f2);
    private static final Color AXIS = new Color(0x8a8a8a);
    private static final Color TEXT = new Color(0x222222);
    private static final Color TARGET = new Color(0xd62728);
    private static final Stroke SOLID = new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(2.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {9f, 6f}, 0f);
    private static final Stroke DOTTED = new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
            new float[] {0.5f, 5f}, 0f);

    record Row(int hosts, String mode, double cpuPct, double heapMb, double rssMb, double p50Us, double p99Us,
            double rttP99Us, long sent, long drops) {
    }

    /** One plot area with its axes: x linear from 0, y log10 or linear with ticks every step. */
    private record Frame(Rectangle area, double xMax, double yLo, double yHi, boolean log, double step) {
        double x(double hosts) {
            return area.x + hosts / xMax * area.width;
        }

        double y(double v) {
            double t = log ? (Math.log10(Math.max(v, yLo)) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))
                    : (v - yLo) / (yHi - yLo);
            return area.y + area.height - Math.min(1, Math.max(0, t)) * area.height;
        }
    }

    /** How one value is drawn for every mode: line style, and filled or hollow markers. */
    private record Style(String label, ToDoubleFunction<Row> value, Stroke stroke, boolean hollow) {
    }

    private final Graphics2D g;
    private final List<Row> rows;
    private final List<String> modes;
    private final int[] hosts;
    private final double xMax;

    private ScalePlot(Graphics2D g, List<Row> rows) {
        this.g = g;
        this.rows = rows;
        this.modes = rows.stream().map(Row::mode).distinct().toList();
        this.hosts = rows.stream().mapToInt(Row::hosts).distinct().sorted().toArray();
        this.xMax = Math.max(1, hosts[hosts.length - 1]) * 1.08;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: ScalePlot RESULTS.csv OUT.png [TITLE]");
            System.exit(2);
        }
        plot(Path.of(args[0]), Path.of(args[1]), args.length == 3 ? args[2] : "mtce agent scale");
        System.out.println("wrote " + args[1]);
    }

    static void plot(Path csv, Path png, String title) throws IOException {
        BufferedImage image = render(read(csv), title);
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    static List<Row> read(Path csv) throws IOException {
        Map<String, Integer> columns = null;
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip().replace("\"", "");
            }
            if (columns == null) {
                columns = columns(cells, csv);
                continue;
            }
            try {
                rows.add(row(cells, columns));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no data rows");
        }
        return rows;
    }

    private static Map<String, Integer> columns(String[] header, Path csv) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            columns.putIfAbsent(header[i].toLowerCase(Locale.ROOT), i);
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(csv + ": missing column(s) " + String.join(", ", missing));
        }
        return columns;
    }

    private static Row row(String[] cells, Map<String, Integer> columns) {
        Integer rtt = columns.get(RTT);
        String rttCell = rtt == null || rtt >= cells.length ? "" : cells[rtt];
        return new Row(Integer.parseInt(cell(cells, columns, "hosts")), cell(cells, columns, "mode"),
                number(cells, columns, "cpu_pct"), number(cells, columns, "heap_mb"),
                number(cells, columns, "rss_mb"), number(cells, columns, "p50_us"),
                number(cells, columns, "p99_us"), rttCell.isEmpty() ? Double.NaN : Double.parseDouble(rttCell),
                Long.parseLong(cell(cells, columns, "sent")), Long.parseLong(cell(cells, columns, "drops")));
    }

    private static String cell(String[] cells, Map<String, Integer> columns, String name) {
        int i = columns.get(name);
        if (i >= cells.length || cells[i].isEmpty()) {
            throw new IllegalArgumentException("no value for " + name);
        }
        return cells[i];
    }

    private static double number(String[] cells, Map<String, Integer> columns, String name) {
        return Double.parseDouble(cell(cells, columns, name));
    }

    static BufferedImage render(List<Row> rows, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            new ScalePlot(g, rows).draw(title);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void draw(String title) {
        g.setFont(TITLE_FONT);
        g.setColor(TEXT);
        centered(title, WIDTH / 2.0, 38);
        modeLegend(74);

        int cellW = WIDTH / 2;
        int cellH = (HEIGHT - TITLE_BAND - BOTTOM_BAND) / 2;
        Rectangle[] areas = new Rectangle[4];
        for (int i = 0; i < 4; i++) {
            int x = (i % 2) * cellW;
            int y = TITLE_BAND + (i / 2) * cellH;
            areas[i] = new Rectangle(x + 96, y + 44, cellW - 96 - 34, cellH - 44 - 34);
        }
        List<Style> cpu = List.of(new Style("CPU", Row::cpuPct, SOLID, false));
        panel(areas[0], "(a) agent CPU", "% of one core", linear(areas[0], cpu, false), cpu);
        List<Style> memory = List.of(new Style("heap used (max)", Row::heapMb, SOLID, false),
                new Style("RSS", Row::rssMb, DASHED, true));
        panel(areas[1], "(b) agent memory", "MB", linear(areas[1], memory, false), memory);
        List<Style> latency = new ArrayList<>(List.of(new Style("p99", r -> r.p99Us() / 1000, SOLID, false),
                new Style("p50", r -> r.p50Us() / 1000, DASHED, true)));
        if (rows.stream().anyMatch(r -> Double.isFinite(r.rttP99Us()))) {
            latency.add(new Style("RTT p99 (load gen)", r -> r.rttP99Us() / 1000, DOTTED, true));
        }
        Frame latencyFrame = logarithmic(areas[2], latency);
        panel(areas[2], "(c) handling latency", "ms (log scale)", latencyFrame, latency);
        target(latencyFrame);
        List<Style> drops = List.of(new Style("drops", r -> r.drops(), SOLID, false));
        Frame dropFrame = linear(areas[3], drops, true);
        panel(areas[3], "(d) drops (labels: % of sent)", "dropped datagrams", dropFrame, drops);
        dropLabels(dropFrame);

        g.setFont(LABEL_FONT);
        g.setColor(TEXT);
        for (int i = 2; i < 4; i++) {
            centered(X_LABEL, areas[i].getCenterX(), HEIGHT - 14);
        }
    }

    private Frame linear(Rectangle area, List<Style> styles, boolean counts) {
        double max = max(styles);
        double span = max > 0 ? max * 1.12 : 1;
        double step = niceStep(span / 6);
        if (counts) {
            step = Math.max(1, step);
        }
        return new Frame(area, xMax, 0, Math.ceil(span / step) * step, false, step);
    }

    /** From 0.01 ms (lower only if data is) to the first decade above both the max and the 1 ms target. */
    private Frame logarithmic(Rectangle area, List<Style> styles) {
        double min = rows.stream().flatMapToDouble(r -> styles.stream().mapToDouble(s -> s.value().applyAsDouble(r)))
                .filter(v -> v > 0).min().orElse(0.01);
        double lo = Math.min(0.01, Math.pow(10, Math.floor(Math.log10(min))));
        double hi = Math.pow(10, Math.floor(Math.log10(Math.max(max(styles), TARGET_MS))) + 1);
        return new Frame(area, xMax, lo, hi, true, 0);
    }

    private double max(List<Style> styles) {
        return rows.stream().flatMapToDouble(r -> styles.stream().mapToDouble(s -> s.value().applyAsDouble(r)))
                .filter(Double::isFinite).max().orElse(0);
    }

    private void panel(Rectangle area, String title, String yLabel, Frame f, List<Style> styles) {
        grid(f);
        for (Style style : styles) {
            for (int m = 0; m < modes.size(); m++) {
                series(f, m, style);
            }
        }
        g.setFont(PANEL_FONT);
        g.setColor(TEXT);
        g.drawString(title, area.x, area.y - 14);
        if (styles.size() > 1) {
            styleKey(styles, area.x + area.width, area.y - 14);
        }
        g.setFont(LABEL_FONT);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, area.x - 72, area.getCenterY());
        centered(yLabel, area.x - 72, area.getCenterY());
        g.setTransform(saved);
    }

    private void grid(Frame f) {
        Rectangle a = f.area();
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        List<Double> ticks = new ArrayList<>();
        if (f.log()) {
            for (double decade = f.yLo(); decade <= f.yHi() * 1.0001; decade *= 10) {
                ticks.add(decade);
                for (int k = 2; k < 10 && decade * k < f.yHi(); k++) {
                    hLine(f, decade * k, MINOR_GRID);
                }
            }
        } else {
            for (int i = 0; i * f.step() <= f.yHi() + f.step() * 1e-6; i++) {
                ticks.add(i * f.step());
            }
        }
        for (double t : ticks) {
            hLine(f, t, GRID);
            String s = number(t);
            g.setColor(TEXT);
            g.drawString(s, a.x - 8 - fm.stringWidth(s), (float) (f.y(t) + fm.getAscent() / 2.0 - 2));
        }
        int lastRight = Integer.MIN_VALUE;
        for (int h : hosts) {
            float x = (float) f.x(h);
            g.setColor(GRID);
            g.draw(new Line2D.Float(x, a.y, x, a.y + a.height));
            String s = String.format(Locale.ROOT, "%,d", h);
            int left = Math.round(x - fm.stringWidth(s) / 2f);
            if (left > lastRight + 6) {
                g.setColor(TEXT);
                g.drawString(s, left, a.y + a.height + 6 + fm.getAscent());
                lastRight = left + fm.stringWidth(s);
            }
        }
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1f));
        g.draw(a);
    }

    private void hLine(Frame f, double v, Color color) {
        float y = (float) f.y(v);
        g.setColor(color);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Float(f.area().x, y, f.area().x + f.area().width, y));
    }

    private void series(Frame f, int m, Style style) {
        Color color = PALETTE[m % PALETTE.length];
        double dodge = dodge(m);
        TreeMap<Integer, List<Double>> byHosts = new TreeMap<>();
        for (Row r : rows) {
            double v = style.value().applyAsDouble(r);
            if (r.mode().equals(modes.get(m)) && Double.isFinite(v)) {
                byHosts.computeIfAbsent(r.hosts(), h -> new ArrayList<>()).add(v);
            }
        }
        Path2D line = new Path2D.Double();
        byHosts.forEach((h, values) -> {
            double x = f.x(h) + dodge;
            double y = f.y(median(values));
            if (line.getCurrentPoint() == null) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        });
        Shape clip = g.getClip();
        g.clip(f.area());
        g.setColor(color);
        g.setStroke(style.stroke());
        g.draw(line);
        g.setClip(clip);
        byHosts.forEach((h, values) -> values.forEach(v -> marker(m, f.x(h) + dodge, f.y(v), style.hollow())));
    }

    private void marker(int m, double x, double y, boolean hollow) {
        Color color = PALETTE[m % PALETTE.length];
        Shape shape = markerShape(m, x, y, 5.5);
        g.setStroke(new BasicStroke(1.6f));
        g.setColor(hollow ? Color.WHITE : color);
        g.fill(shape);
        g.setColor(hollow ? color : color.darker());
        g.draw(shape);
    }

    private static Shape markerShape(int m, double x, double y, double r) {
        if (m % 5 == 0) {
            return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        }
        double[] points = POLYGONS[m % 5 - 1];
        Path2D p = new Path2D.Double();
        p.moveTo(x + points[0] * r, y + points[1] * r);
        for (int i = 2; i < points.length; i += 2) {
            p.lineTo(x + points[i] * r, y + points[i + 1] * r);
        }
        p.closePath();
        return p;
    }

    private void modeLegend(float baseline) {
        g.setFont(LABEL_FONT);
        FontMetrics fm = g.getFontMetrics();
        int total = 0;
        for (String mode : modes) {
            total += 44 + fm.stringWidth(mode) + 30;
        }
        float x = (WIDTH - total + 30) / 2f;
        for (int m = 0; m < modes.size(); m++) {
            float mid = baseline - fm.getAscent() / 2f + 2;
            g.setColor(PALETTE[m % PALETTE.length]);
            g.setStroke(SOLID);
            g.draw(new Line2D.Float(x, mid, x + 36, mid));
            marker(m, x + 18, mid, false);
            g.setColor(TEXT);
            g.drawString(modes.get(m), x + 44, baseline);
            x += 44 + fm.stringWidth(modes.get(m)) + 30;
        }
    }

    /** Line style key (mode-neutral grey), right-aligned so it never covers data. */
    private void styleKey(List<Style> styles, float right, float baseline) {
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        float x = right;
        for (int i = styles.size() - 1; i >= 0; i--) {
            Style s = styles.get(i);
            x -= fm.stringWidth(s.label());
            g.setColor(TEXT);
            g.drawString(s.label(), x, baseline);
            x -= 38;
            float mid = baseline - fm.getAscent() / 2f + 2;
            g.setColor(Color.DARK_GRAY);
            g.setStroke(s.stroke());
            g.draw(new Line2D.Float(x, mid, x + 32, mid));
            Shape dot = new Ellipse2D.Float(x + 11, mid - 5, 10, 10);
            g.setStroke(new BasicStroke(1.6f));
            g.setColor(s.hollow() ? Color.WHITE : Color.DARK_GRAY);
            g.fill(dot);
            g.setColor(Color.DARK_GRAY);
            g.draw(dot);
            x -= 18;
        }
    }

    private void target(Frame f) {
        float y = (float) f.y(TARGET_MS);
        Rectangle a = f.area();
        g.setColor(TARGET);
        g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {12f, 7f}, 0f));
        g.draw(new Line2D.Float(a.x, y, a.x + a.width, y));
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        String label = "target p99 ≤ 1 ms";
        // Left end: fewer hosts, usually the least data near the target; the box keeps it readable over lines.
        Rectangle2D box = new Rectangle2D.Double(a.x + 6, y - 5 - fm.getAscent() - 2, fm.stringWidth(label) + 8,
                fm.getAscent() + 4);
        g.setColor(new Color(255, 255, 255, 215));
        g.fill(box);
        g.setColor(TARGET);
        g.drawString(label, (float) box.getX() + 4, y - 5);
    }

    /**
     * One label per (mode, hosts) listing the distinct drops/sent of its runs, next to their median and placed greedily
     * where it overlaps no other label.
     */
    private void dropLabels(Frame f) {
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        Map<String, TreeSet<Double>> groups = new LinkedHashMap<>();
        Map<String, List<Double>> drops = new HashMap<>();
        for (Row r : rows) {
            String key = modes.indexOf(r.mode()) + "/" + r.hosts();
            groups.computeIfAbsent(key, k -> new TreeSet<>()).add(r.sent() > 0 ? 100.0 * r.drops() / r.sent() : -1);
            drops.computeIfAbsent(key, k -> new ArrayList<>()).add((double) r.drops());
        }
        List<Rectangle2D> taken = new ArrayList<>();
        for (Row r : rows) {
            int m = modes.indexOf(r.mode());
            taken.add(markerShape(m, f.x(r.hosts()) + dodge(m), f.y(r.drops()), 7).getBounds2D());
        }
        Rectangle bounds = new Rectangle(f.area().x + 2, f.area().y + 2, f.area().width - 4, f.area().height - 4);
        groups.forEach((key, percents) -> {
            int m = Integer.parseInt(key.substring(0, key.indexOf('/')));
            double x = f.x(Integer.parseInt(key.substring(key.indexOf('/') + 1))) + dodge(m);
            double y = f.y(median(drops.get(key)));
            String text = String.join(" / ", percents.stream().map(ScalePlot::percent).toList());
            double w = fm.stringWidth(text);
            double h = fm.getAscent();
            double[][] offsets = {{-w / 2, -12 - h}, {-w / 2, 12}, {12, -h / 2}, {-12 - w, -h / 2}, {12, -12 - h},
                {-12 - w, -12 - h}, {12, 12}, {-12 - w, 12}, {-w / 2, -16 - 2 * h}, {-w / 2, 16 + h},
                {12, -16 - 2 * h}, {-12 - w, -16 - 2 * h}, {12, 16 + h}, {-12 - w, 16 + h}};
            for (double[] o : offsets) {
                Rectangle2D box = new Rectangle2D.Double(x + o[0], y + o[1], w, h);
                if (bounds.contains(box) && taken.stream().noneMatch(box::intersects)) {
                    Rectangle2D halo = new Rectangle2D.Double(box.getX() - 3, box.getY() - 2, w + 6, h + 5);
                    taken.add(halo);
                    g.setColor(new Color(255, 255, 255, 215));
                    g.fill(halo);
                    g.setColor(PALETTE[m % PALETTE.length].darker());
                    g.drawString(text, (float) box.getX(), (float) (box.getY() + h));
                    return;
                }
            }
            // nowhere free: an unreadable pile of labels is worse than a missing one
        });
    }

    private double dodge(int m) {
        return (m - (modes.size() - 1) / 2.0) * 6; // keeps equal values of different modes apart
    }

    private void centered(String text, double x, double baseline) {
        g.drawString(text, (float) (x - g.getFontMetrics().stringWidth(text) / 2.0), (float) baseline);
    }

    /** A percentage to two significant digits; negative means nothing was sent. */
    static String percent(double pct) {
        if (pct < 0) {
            return "n/a";
        }
        if (pct > 0 && pct < 0.0001) {
            return "<0.0001%";
        }
        return (pct == 0 ? "0" : new BigDecimal(pct).round(new MathContext(2)).stripTrailingZeros().toPlainString())
                + "%";
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / magnitude;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Tick and label text: grouped integers, otherwise at most 6 significant digits without float noise. */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
