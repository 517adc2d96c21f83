package io.mtce.protocol.auth;

import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's datagram authentication: signs what a role sends and checks what it receives, as configured once for
 * the node (configuration PID {@code io.mtce.auth}, docs/security.md) and shared by the agent and client roles. A
 * change of that configuration (a key rotation) applies to every later call, without restarting the roles. The
 * protocol bundle provides it as a service; {@link DatagramAuthenticator} is the same contract with fixed settings.
 * Thread-safe.
 *
 * @since 1.1
 */
@ProviderType
public interface DatagramAuthentication {

    /** The mode in force now. */
    AuthMode mode();

    /**
     * What to send for {@code datagram}, a message as {@code MessageCodec.encode} produced it: itself when the mode
     * is {@link AuthMode#OFF}, else signed with the current key.
     *
     * @throws IllegalArgumentException when the datagram is not an encoded message, or its payload is longer than
     *         {@link DatagramAuthenticator#MAX_SIGNED_PAYLOAD_BYTES} while signing
     */
    byte[] protect(byte[] datagram);

    /**
     * Checks {@code length} bytes of {@code bytes} from {@code offset} as the mode requires; never throws for any
     * content. An accepted datagram's {@link Verdict#length()} is what to decode.
     */
    Verdict check(byte[] bytes, int offset, int length);

    /** One line for the log: mode, key ids, replay window; never a secret. */
    String describe();
}
