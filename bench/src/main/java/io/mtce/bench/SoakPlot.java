package io.mtce.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a soak TSV (SoakDriver's) as a 3 x 2 PNG against minutes: RSS, heap after full GC and metaspace, file
 * descriptors and threads, bytes under data/, the container log, and the change latency. The y axes start at 0, so
 * that flat looks flat at the scale of the whole; the warm-up is shaded and each series' line after it
 * (Theil–Sen's, the one SoakSummary judges) is drawn dashed.
 */
public final class SoakPlot {
    static final int WIDTH = 1500;
    static final int HEIGHT = 900;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 24);
    private static final Font PANEL_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e)};
    private static final Color GRID = new Color(0xe2e2e2);
    private static final Color WARMUP = new Color(0xf1f1f1);
    private static final Color FIT = new Color(0xd62728);
    private static final Color TEXT = new Color(0x222222);
    private static final Stroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 5f}, 0f);

    /** A line of a panel: its column, the divisor to the panel's unit, and its key. */
    private record Line(String column, double divisor, String key) {
    }

    private record Panel(String title, List<Line> lines) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel("(a) RSS, MB", List.of(new Line("rss_kb", 1024, "RSS"))),
            new Panel("(b) heap after full GC / metaspace, MB", List.of(new Line("heap_live_kb", 1024, "heap"),
                    new Line("metaspace_kb", 1024, "metaspace"))),
            new Panel("(c) open fds / threads", List.of(new Line("fds", 1, "fds"), new Line("threads", 1, "threads"))),
            new Panel("(d) files kept in data/ (inventory), KB", List.of(new Line("data_bytes", 1024, "bytes"))),
            new Panel("(e) container log, MB", List.of(new Line("log_bytes", 1 << 20, "log"))),
            new Panel("(f) lock/unlock POST to ack, ms", List.of(new Line("change_p99_ms", 1, "p99"),
                    new Line("change_p50_ms", 1, "p50"))));

    private final Graphics2D g;
    private final SoakSummary.Table table;
    private final double warmup;
    private final double xMax;

    private SoakPlot(Graphics2D g, SoakSummary.Table table, double warmup) {
        this.g = g;
        this.table = table;
        this.warmup = warmup;
        this.xMax = Math.max(1, table.last("elapsed_s") / 60);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: SoakPlot TSV WARMUP_SECONDS PNG TITLE");
            System.exit(2);
        }
        BufferedImage image = render(SoakSummary.Table.read(Path.of(args[0])), Double.parseDouble(args[1]), args[3]);
        if (!ImageIO.write(image, "png", Path.of(args[2]).toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    static BufferedImage render(SoakSummary.Table table, double warmup, String title) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(TITLE_FONT);
            g.setColor(TEXT);
            g.drawString(title, (WIDTH - g.getFontMetrics().stringWidth(title)) / 2f, 36);
            SoakPlot plot = new SoakPlot(g, table, warmup);
            int cellW = WIDTH / 3;
            int cellH = (HEIGHT - 60 - 30) / 2;
            for (int i = 0; i < PANELS.size(); i++) {
                int x = (i % 3) * cellW;
                int y = 60 + (i / 3) * cellH;
                plot.panel(new Rectangle(x + 70, y + 40, cellW - 70 - 24, cellH - 40 - 44), PANELS.get(i));
            }
            g.setFont(TICK_FONT);
            g.setColor(TEXT);
            String x = "minutes since the first cycle (shaded: warm-up, not judged; dashed: Theil-Sen line after "
                    + "it)";
            g.drawString(x, (WIDTH - g.getFontMetrics().stringWidth(x)) / 2f, HEIGHT - 12);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void panel(Rectangle a, Panel p) {
        double max = 0;
        for (Line l : p.lines()) {
            for (double v : table.column(l.column(), 0)) {
                max = Double.isFinite(v) ? Math.max(max, v / l.divisor()) : max;
            }
        }
        double step = niceStep(Math.max(max * 1.15, 1e-9) / 5);
        double yMax = Math.ceil(max * 1.15 / step) * step;
        if (yMax <= 0) {
            yMax = step = 1;
        }
        g.setColor(WARMUP);
        g.fillRect(a.x, a.y, (int) Math.round(Math.min(warmup / 60, xMax) / xMax * a.width), a.height);
        g.setFont(TICK_FONT);
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i * step <= yMax + step * 1e-6; i++) {
            double v = i * step;
            float y = (float) y(a, v, yMax);
            g.setColor(GRID);
            g.draw(new Line2D.Float(a.x, y, a.x + a.width, y));
            String s = number(v);
            g.setColor(TEXT);
            g.drawString(s, a.x - 6 - fm.stringWidth(s), y + fm.getAscent() / 2f - 2);
        }
        double xStep = Math.max(1, niceStep(xMax / 6));
        for (int i = 0; i * xStep <= xMax + 1e-9; i++) {
            float x = (float) x(a, i * xStep);
            g.setColor(GRID);
            g.draw(new Line2D.Float(x, a.y, x, a.y + a.height));
            String s = number(i * xStep);
            g.setColor(TEXT);
            g.drawString(s, x - fm.stringWidth(s) / 2f, a.y + a.height + 4 + fm.getAscent());
        }
        double[] t = table.column("elapsed_s", 0);
        double[] tAfter = table.column("elapsed_s", warmup);
        for (int k = 0; k < p.lines().size(); k++) {
            Line l = p.lines().get(k);
            double[] v = table.column(l.column(), 0);
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    continue; // no figure in that interval (no change timed)
                }
                double px = x(a, t[i] / 60);
                double py = y(a, v[i] / l.divisor(), yMax);
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
            }
            g.setColor(COLORS[k % COLORS.length]);
            g.setStroke(LINE);
            g.draw(path);
            double[] vAfter = table.column(l.column(), warmup);
            if (tAfter.length >= 2 && Arrays.stream(vAfter).allMatch(Double::isFinite)) {
                SoakSummary.Fit f = SoakSummary.Fit.robust(tAfter, vAfter);
                double t0 = tAfter[0];
                double t1 = tAfter[tAfter.length - 1];
                g.setColor(FIT);
                g.setStroke(DASHED);
                g.draw(new Line2D.Double(x(a, t0 / 60), y(a, (f.intercept() + f.slope() * t0) / l.divisor(), yMax),
                        x(a, t1 / 60), y(a, (f.intercept() + f.slope() * t1) / l.divisor(), yMax)));
            }
        }
        g.setColor(new Color(0x8a8a8a));
        g.setStroke(new BasicStroke(1f));
        g.draw(a);
        g.setFont(PANEL_FONT);
        g.setColor(TEXT);
        g.drawString(p.title(), a.x, a.y - 12);
        if (p.lines().size() > 1) {
            g.setFont(TICK_FONT);
            float right = a.x + a.width;
            for (int k = p.lines().size() - 1; k >= 0; k--) {
                String key = p.lines().get(k).key();
                right -= g.getFontMetrics().stringWidth(key);
                g.setColor(TEXT);
                g.drawString(key, right, a.y + 18);
                right -= 22;
                g.setColor(COLORS[k % COLORS.length]);
                g.setStroke(LINE);
                g.draw(new Line2D.Float(right, a.y + 13, right + 16, a.y + 13));
                right -= 12;
            }
        }
    }

    private double x(Rectangle a, double minutes) {
        return a.x + minutes / xMax * a.width;
    }

    private static double y(Rectangle a, double v, double yMax) {
        return a.y + a.height - v / yMax * a.height;
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    private static String number(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
