package io.mtce.web.internal;

import io.mtce.transport.Role;
import io.mtce.transport.Transport;
import io.mtce.transport.TransportConstants;
import java.util.Map;

/**
 * A transport and the role its configuration names, as shown by {@code GET /transports}. The role comes from the
 * service's {@code mtce.role} property, not from {@link Transport#role()}: a transport whose configured role is
 * missing or invalid still answers one (it is DOWN, and no role binds it), which would be shown as if configured.
 *
 * @param role {@code agent} or {@code client}; {@link #NONE} when the configuration names no role, {@link #INVALID}
 *        when it names something else
 */
record TransportRow(Transport transport, String role) {
    static final String NONE = "none";
    static final String INVALID = "invalid";

    /** {@code properties}: the transport service's properties. */
    static TransportRow of(Transport transport, Map<String, ?> properties) {
        return new TransportRow(transport, Role.describe(properties.get(TransportConstants.ROLE)));
    }
}
