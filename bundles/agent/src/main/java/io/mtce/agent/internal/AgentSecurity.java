package io.mtce.agent.internal;

import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.DatagramAuthenticator;

/**
 * The agent's inbound protection: its own source allowlist setting, and the node's authentication.
 *
 * @param sourceAllowlist accept datagrams only from inventory addresses, an mtcAlive only from its host's address
 * @param auth how datagrams are signed and checked (the node's {@code io.mtce.auth} configuration)
 */
record AgentSecurity(boolean sourceAllowlist, DatagramAuthentication auth) {

    /** The defaults: allowlist on, authentication off. */
    static final AgentSecurity DEFAULT = new AgentSecurity(true, DatagramAuthenticator.off());

    static AgentSecurity from(AgentConfig c, DatagramAuthentication auth) {
        return new AgentSecurity(c.source_allowlist(), auth);
    }
}
