package io.mtce.log.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelOverridesTest {
    private final LoggerContext context = new LoggerContext();
    private final LevelOverrides overrides = new LevelOverrides(context);

    @Test
    void anOverrideTakesEffectAndIsUndoneWhenNoLongerNamed() {
        Logger agent = context.getLogger("io.mtce.agent");
        Logger core = context.getLogger("io.mtce.agent.internal.AgentCore");
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        assertFalse(core.isDebugEnabled());

        assertEquals(List.of("io.mtce.agent=DEBUG"), overrides.apply(Map.of("io.mtce.agent", Level.DEBUG)));
        assertTrue(core.isDebugEnabled(), "a child logger inherits the override");

        assertEquals(List.of("io.mtce.agent restored"), overrides.apply(Map.of()));
        assertNull(agent.getLevel(), "the logger inherits again, as before the override");
        assertFalse(core.isDebugEnabled());
    }

    @Test
    void aLevelOfTheFileComesBackAfterAnOverride() {
        Logger client = context.getLogger("io.mtce.client");
        client.setLevel(Level.WARN); // as etc/logback.xml would set it
        overrides.apply(Map.of("io.mtce.client", Level.TRACE));
        assertEquals(Level.TRACE, client.getLevel());
        overrides.apply(Map.of("io.mtce.client", Level.ERROR));
        assertEquals(Level.ERROR, client.getLevel());
        overrides.restoreAll();
        assertEquals(Level.WARN, client.getLevel());
    }

    @Test
    void anUnchangedLevelIsNoChange() {
        overrides.apply(Map.of("io.mtce.flags", Level.DEBUG));
        assertEquals(List.of(), overrides.apply(Map.of("io.mtce.flags", Level.DEBUG)));
    }
}
