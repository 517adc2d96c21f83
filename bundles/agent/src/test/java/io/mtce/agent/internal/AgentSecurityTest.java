package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.auth.AuthMode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class AgentSecurityTest {

    private static AgentSecurity security(Map<String, Object> props) {
        return AgentSecurity.from(Converters.standardConverter().convert(props).to(AgentConfig.class));
    }

    @Test
    void defaultsAreAllowlistOnAndAuthenticationOff() {
        AgentSecurity s = security(Map.of());
        assertTrue(s.sourceAllowlist());
        assertEquals(AuthMode.OFF, s.auth().mode());
    }

    @Test
    void keysUseDotsAndErrorsNameThem() {
        AgentSecurity s = security(Map.of("source.allowlist", "false", "auth.mode", "sign", "auth.key",
                "base64:ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8="));
        assertEquals(false, s.sourceAllowlist());
        assertEquals(AuthMode.SIGN, s.auth().mode());
        assertEquals("auth.mode is require but neither auth.key nor auth.key.file is set",
                assertThrows(IllegalArgumentException.class, () -> security(Map.of("auth.mode", "require")))
                        .getMessage());
        assertEquals("auth.replay.window.ms must be greater than 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> security(Map.of("auth.replay.window.ms", "-1")))
                        .getMessage());
    }
}
