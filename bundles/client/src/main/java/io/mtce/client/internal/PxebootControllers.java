package io.mtce.client.internal;

import io.mtce.protocol.Network;
import io.mtce.protocol.PxebootInfo;
import io.mtce.transport.address.IpLiterals;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Where this host's pxeboot mtcAlive and ready event go: controller-0's and controller-1's pxeboot addresses, first
 * from configuration, then as the agent's pxeboot mtcAlive request names them ({@code pxebootInfo}), the way the C++
 * client learns them. The command processor (which learns) and the periodic sender (which sends) share one. An
 * empty or unparseable address in a request leaves the known one in place, as the C++ client does. Thread-safe.
 */
final class PxebootControllers {
    private record Known(InetAddress active, InetAddress controller0, InetAddress controller1) {
    }

    private final Logger log;
    private volatile Known known;

    PxebootControllers(ClientSettings settings, Logger log) {
        this.log = log;
        List<InetAddress> configured = settings.controllers(Network.PXEBOOT);
        this.known = new Known(null, configured.isEmpty() ? null : configured.get(0),
                configured.size() < 2 ? null : configured.get(1));
    }

    /** The controllers to send pxeboot mtcAlive to: each unit whose address is known, controller-0 first. */
    List<InetAddress> targets() {
        Known k = known;
        List<InetAddress> out = new ArrayList<>(2);
        if (k.controller0 != null) {
            out.add(k.controller0);
        }
        if (k.controller1 != null && !k.controller1.equals(k.controller0)) {
            out.add(k.controller1);
        }
        return out;
    }

    /** The active controller's pxeboot address, once a request named it. */
    Optional<InetAddress> active() {
        return Optional.ofNullable(known.active);
    }

    /** Takes the addresses {@code info} names, logging each change. */
    synchronized void learn(PxebootInfo info) {
        Known k = known;
        known = new Known(learn("controller pxeboot address", k.active, info.active()),
                learn("controller-0 pxeboot ip", k.controller0, info.controller0()),
                learn("controller-1 pxeboot ip", k.controller1, info.controller1()));
    }

    private InetAddress learn(String what, InetAddress current, String literal) {
        if (literal.isEmpty()) {
            return current;
        }
        InetAddress now;
        try {
            now = IpLiterals.parse(what, literal);
        } catch (IllegalArgumentException e) {
            log.warn("pxebootInfo: {} ; keeping {}", e.getMessage(),
                    current == null ? "none" : current.getHostAddress());
            return current;
        }
        if (!now.equals(current)) {
            log.info("{}: {}{}", what, now.getHostAddress(),
                    current == null ? "" : " ; was " + current.getHostAddress());
        }
        return now;
    }
}
