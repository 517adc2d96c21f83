package io.mtce.agent.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtce.protocol.auth.DatagramAuthenticator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

class AgentSecurityTest {

    private static AgentConfig config(Map<String, Object> props) {
        return Converters.standardConverter().convert(props).to(AgentConfig.class);
    }

    @Test
    void allowlistIsOnByDefaultAndItsKeyUsesDots() {
        assertTrue(AgentSecurity.from(config(Map.of()), DatagramAuthenticator.off()).sourceAllowlist());
        assertFalse(AgentSecurity.from(config(Map.of("source.allowlist", "false")), DatagramAuthenticator.off())
                .sourceAllowlist());
        assertTrue(AgentSecurity.DEFAULT.sourceAllowlist());
    }

    @Test
    void authenticationIsTheNodesService() {
        DatagramAuthenticator node = DatagramAuthenticator.off();
        assertSame(node, AgentSecurity.from(config(Map.of()), node).auth());
    }
}
