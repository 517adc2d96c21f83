package io.mtce.protocol;

import java.util.Objects;

/**
 * The mtcAlive message content: the parm words and the identity JSON in {@code buf}. JSON keys, in the C++ order:
 * hostname, personality, pxeboot_ip, mgmt_ip, cluster_host_ip, mgmt_mac, interface, sequence.
 */
public final class MtcAlive {
    private final String hostname;
    private final String personality;
    private final String pxebootIp;
    private final String mgmtIp;
    private final String clusterHostIp;
    private final String mgmtMac;
    private final Network network;
    private final int uptime;
    private final int health;
    private final int flags;
    private final int sequence;

    public MtcAlive(String hostname, String personality, String pxebootIp, String mgmtIp, String clusterHostIp,
            String mgmtMac, Network network, int uptime, int health, int flags, int sequence) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.personality = Objects.requireNonNull(personality, "personality");
        this.pxebootIp = nullToEmpty(pxebootIp);
        this.mgmtIp = nullToEmpty(mgmtIp);
        this.clusterHostIp = nullToEmpty(clusterHostIp);
        this.mgmtMac = nullToEmpty(mgmtMac);
        this.network = Objects.requireNonNull(network, "network");
        this.uptime = uptime;
        this.health = health;
        this.flags = flags;
        this.sequence = sequence;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    public String hostname() {
        return hostname;
    }

    public String personality() {
        return personality;
    }

    public String pxebootIp() {
        return pxebootIp;
    }

    public String mgmtIp() {
        return mgmtIp;
    }

    public String clusterHostIp() {
        return clusterHostIp;
    }

    public String mgmtMac() {
        return mgmtMac;
    }

    /** The network the message was sent on (JSON "interface"). */
    public Network network() {
        return network;
    }

    /** parm[0]: seconds since boot (CLOCK_MONOTONIC). */
    public int uptime() {
        return uptime;
    }

    /** parm[1]: {@link MtcAliveFlags#HEALTH_HEALTHY} and friends. */
    public int health() {
        return health;
    }

    /** parm[2]: {@link MtcAliveFlags} bits. */
    public int flags() {
        return flags;
    }

    /** parm[3] and JSON "sequence": per-network, pre-incremented, starting at 1. */
    public int sequence() {
        return sequence;
    }

    public boolean locked() {
        return MtcAliveFlags.isLocked(flags);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MtcAlive)) {
            return false;
        }
        MtcAlive a = (MtcAlive) o;
        return hostname.equals(a.hostname) && personality.equals(a.personality) && pxebootIp.equals(a.pxebootIp)
                && mgmtIp.equals(a.mgmtIp) && clusterHostIp.equals(a.clusterHostIp) && mgmtMac.equals(a.mgmtMac)
                && network == a.network && uptime == a.uptime && health == a.health && flags == a.flags
                && sequence == a.sequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostname, personality, pxebootIp, mgmtIp, clusterHostIp, mgmtMac, network, uptime,
                health, flags, sequence);
    }

    @Override
    public String toString() {
        return "mtcAlive{" + hostname + " " + network.wireName() + " seq=" + sequence + " flags=0x"
                + Integer.toHexString(flags) + "}";
    }
}
