package io.mtce.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakSummaryTest {
    @TempDir
    Path dir;

    /** An hour, a sample a minute: RSS rising rssPerHourKb after minute 10 (a warm-up jump before), 1500 B/cycle. */
    private Path soak(long rssPerHourKb) throws IOException {
        StringBuilder tsv = new StringBuilder(SoakDriver.HEADER).append('\n');
        for (int m = 0; m <= 60; m++) {
            long t = m * 60L;
            long cycles = t;
            long rss = m < 10 ? 90_000 + m * 1000 : 100_000 + rssPerHourKb * (t - 600) / 3600;
            long heap = 13_000 + (m % 3) * 500;
            long threads = 60 - m % 2;
            long log = 70_000 + 1500 * cycles;
            String latency = m == 0 ? "NaN\tNaN\tNaN" : "5.00\t12.00\t30.00";
            String row = String.join("\t", "" + t, "" + cycles, "0", "0", "0", "" + rss, "" + heap, "16000", "68",
                    "" + threads, "1", "580000", "" + log, "9.0", latency, "0.5");
            tsv.append(row).append('\n');
        }
        return Files.writeString(dir.resolve("soak.tsv"), tsv);
    }

    @Test
    void flatAfterWarmUpDespiteTheWarmUpJump() throws IOException {
        String s = SoakSummary.summarize(SoakSummary.Table.read(soak(0)), 600);

        assertTrue(s.contains("verdict: no growth after warm-up, files right after every cycle"), s);
        assertTrue(s.contains("container log: 1500 bytes per lock/unlock cycle (750 per change)"), s);
        assertTrue(s.contains("5.4 MB per hour"), s);
    }

    @Test
    void aGrowingSeriesIsNamed() throws IOException {
        String s = SoakSummary.summarize(SoakSummary.Table.read(soak(10 * 1024)), 600); // 10 MB an hour

        assertTrue(s.contains("verdict: GROWING: RSS,"), s);
        assertTrue(s.lines().anyMatch(l -> l.startsWith("RSS") && l.endsWith("GROWING")), s);
    }

    @Test
    void aShortRunIsNotJudged() throws IOException {
        String s = SoakSummary.summarize(SoakSummary.Table.read(soak(10 * 1024)), 3300);

        assertTrue(s.contains("verdict: not judged (run too short)"), s);
    }

    @Test
    void theJudgedSlopeIgnoresAnOutlierAndAFallIsNoLeak() {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        assertEquals(0.0, SoakSummary.Fit.robust(x, new double[] {5, 5, 5, 50, 5, 5, 5}).slope(), 1e-12);
        assertEquals(2.0, SoakSummary.Fit.robust(x, new double[] {0, 2, 4, 6, 8, 10, -40}).slope(), 1e-12);
    }

    @Test
    void aFallingSeriesIsReportedButIsNoLeak() throws IOException {
        String s = SoakSummary.summarize(SoakSummary.Table.read(soak(-10 * 1024)), 600);

        assertTrue(s.lines().anyMatch(l -> l.startsWith("RSS") && l.endsWith("falling")), s);
        assertTrue(s.contains("verdict: no growth after warm-up"), s);
    }

    @Test
    void theSlopeIsTheLeastSquaresOne() {
        SoakSummary.Fit f = SoakSummary.Fit.of(new double[] {0, 1, 2, 3}, new double[] {1, 3, 5, 7});

        assertEquals(2.0, f.slope(), 1e-12);
        assertEquals(1.0, f.intercept(), 1e-12);
    }

    @Test
    void plotsAPng() throws IOException {
        BufferedImage image = SoakPlot.render(SoakSummary.Table.read(soak(0)), 600, "test");
        Path png = dir.resolve("soak.png");
        ImageIO.write(image, "png", png.toFile());

        BufferedImage read = ImageIO.read(png.toFile());
        assertNotNull(read, "PNG does not decode");
        assertEquals(SoakPlot.WIDTH, read.getWidth());
        assertEquals(SoakPlot.HEIGHT, read.getHeight());
    }
}
