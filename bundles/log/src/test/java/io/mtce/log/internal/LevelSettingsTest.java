package io.mtce.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelSettingsTest {

    @Test
    void loggerNamesAndLevelsAreReadAndOtherPropertiesSkipped() {
        LevelSettings settings = new LevelSettings(Map.of("service.pid", "io.mtce.log",
                "felix.fileinstall.filename", "file:/opt/mtce/etc/io.mtce.log.cfg", "root", "warn",
                "io.mtce.agent", " Debug ", "org.apache.felix.scr", "OFF", "osgi.ds.satisfying.condition.target",
                "(osgi.condition.id=true)"));
        assertEquals(Map.of("ROOT", Level.WARN, "io.mtce.agent", Level.DEBUG, "org.apache.felix.scr", Level.OFF),
                settings.levels());
        assertEquals(Map.of(), settings.invalid());
    }

    @Test
    void aValueThatIsNoLevelIsReportedNotGuessed() {
        // Logback itself would take an unknown name for DEBUG.
        LevelSettings settings = new LevelSettings(Map.of("io.mtce.client", "LOUD", "io.mtce.flags", "WARNING"));
        assertEquals(Map.of(), settings.levels());
        assertEquals(Map.of("io.mtce.client", "LOUD", "io.mtce.flags", "WARNING"), settings.invalid());
    }
}
