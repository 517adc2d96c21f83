package io.mtce.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalePlotTest {
    private static final String SAMPLE = String.join("\n",
            "# made-up numbers; column order differs from the documented one on purpose",
            "mode,hosts,cpu_pct,heap_mb,rss_mb,p50_us,p99_us,p999_us,max_us,rtt_p99_us,sent,drops,extra",
            "shared-sockets,1000,3.1,41,180,18,95,240,900,310,60000,0,x",
            "shared-sockets,5000,12.4,63,205,22,240,800,2100,520,300000,3,x",
            "shared-sockets,10000,25.0,88,231,30,610,1900,5200,980,600000,41,x",
            "per-host-sockets,1000,4.0,55,210,21,120,300,1000,,60000,0,x",
            "per-host-sockets,5000,17.8,120,330,35,520,1400,3900,,300000,12,x",
            "per-host-sockets,10000,38.5,210,480,60,1800,4100,9800,,600000,380,x",
            "");

    @TempDir
    Path dir;

    @Test
    void writesALegiblePng() throws IOException {
        Path csv = Files.writeString(dir.resolve("results.csv"), SAMPLE);
        Path png = dir.resolve("scale.png");

        ScalePlot.plot(csv, png, "test");

        assertTrue(Files.isRegularFile(png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "PNG does not decode");
        assertEquals(ScalePlot.WIDTH, image.getWidth());
        assertEquals(ScalePlot.HEIGHT, image.getHeight());
        assertTrue(hasNonWhitePixel(image), "image is all white");
    }

    @Test
    void missingColumnIsNamed() throws IOException {
        Path csv = Files.writeString(dir.resolve("results.csv"), SAMPLE.replace(",drops,", ",dropped,"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScalePlot.plot(csv, dir.resolve("scale.png"), "test"));

        assertTrue(e.getMessage().contains("drops"), e.getMessage());
    }

    private static boolean hasNonWhitePixel(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    return true;
                }
            }
        }
        return false;
    }
}
