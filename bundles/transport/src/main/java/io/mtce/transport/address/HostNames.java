package io.mtce.transport.address;

import java.util.Arrays;
import java.util.regex.Pattern;

/** The DNS host-name rule (RFC 1123) that host names in the inventory and the web's allowed Host names follow. */
public final class HostNames {
    /** The longest host name, in characters. */
    public static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private HostNames() {
    }

    /**
     * @return whether {@code name} is letters, digits and hyphens in dot-separated labels of 1 to 63 characters, none
     *         starting or ending with a hyphen, at most {@link #MAX_LENGTH} characters in all, without a trailing dot
     */
    public static boolean isDnsName(String name) {
        return name != null && name.length() <= MAX_LENGTH && !name.endsWith(".")
                && Arrays.stream(name.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches());
    }
}
