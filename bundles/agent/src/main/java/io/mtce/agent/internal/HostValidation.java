package io.mtce.agent.internal;

import io.mtce.agent.HostSpec;
import io.mtce.protocol.Network;
import io.mtce.transport.address.HostNames;
import io.mtce.transport.address.IpLiterals;
import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Checks an inventory entry: a hostname without blanks, a MAC of the form xx:xx:xx:xx:xx:xx, IP literals. */
final class HostValidation {
    private HostValidation() {
    }

    /**
     * A new host's name must be a DNS host name (RFC 1123), as StarlingX host names are: a name like {@code a/b} or
     * {@code ../x} could never be addressed in the REST API's paths, nor removed. Hosts already in an inventory are
     * only held to {@link #validate}, so an inventory written before this rule still loads.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static void validateNewName(String name) {
        if (!HostNames.isDnsName(name)) {
            throw new IllegalArgumentException("host name '" + name + "' must be a DNS host name: letters, digits and"
                    + " hyphens in dot-separated labels of 1 to 63 characters, not starting or ending with a hyphen,"
                    + " at most " + HostNames.MAX_LENGTH + " characters in all");
        }
    }

    /**
     * @return the host's addresses, parsed
     * @throws IllegalArgumentException saying what is wrong
     */
    static Map<Network, InetAddress> validate(HostSpec spec) {
        String name = spec.name();
        if (name.isBlank()) {
            throw new IllegalArgumentException("host name must not be blank");
        }
        if (name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("host name '" + name + "' must not contain blanks");
        }
        if (!IpLiterals.isMac(spec.mgmtMac())) {
            throw new IllegalArgumentException("management MAC of " + name + " must be of the form"
                    + " xx:xx:xx:xx:xx:xx, got '" + spec.mgmtMac() + "'");
        }
        Map<Network, InetAddress> parsed = new EnumMap<>(Network.class);
        for (Map.Entry<Network, String> e : spec.addresses().entrySet()) {
            parsed.put(e.getKey(), IpLiterals.parse(e.getKey().wireName() + " address of " + name, e.getValue()));
        }
        return Collections.unmodifiableMap(parsed);
    }
}
