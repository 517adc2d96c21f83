package io.mtce.transport.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP literals without ever resolving a name (InetAddress.getByName would query DNS for a hostname). */
public final class IpLiterals {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[\\w.-]+)?");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");

    private IpLiterals() {
    }

    /** @throws IllegalArgumentException naming {@code key} when {@code value} is not an IPv4 or IPv6 literal */
    public static InetAddress parse(String key, String value) {
        String v = value == null ? "" : value.strip();
        if (IPV4.matcher(v).matches()) {
            String[] parts = v.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    throw notLiteral(key, value);
                }
                bytes[i] = (byte) octet;
            }
            return byAddress(bytes);
        }
        if (v.indexOf(':') >= 0 && IPV6.matcher(v).matches()) {
            try {
                // Starts with a hex digit or ':' and contains ':', so the JDK parses it as a literal, never via DNS.
                return InetAddress.getByName(v);
            } catch (UnknownHostException | SecurityException e) {
                throw notLiteral(key, value);
            }
        }
        throw notLiteral(key, value);
    }

    public static boolean isMac(String value) {
        return value != null && MAC.matcher(value).matches();
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid IPv4 address
        }
    }

    private static IllegalArgumentException notLiteral(String key, String value) {
        return new IllegalArgumentException(key + " must be an IP address literal, got '" + value + "'");
    }
}
