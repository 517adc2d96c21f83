package io.mtce.agent.internal;

import io.mtce.protocol.Command;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.transport.Transport;
import io.mtce.transport.log.RateLimitedLog;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Builds agent commands for a host (its MAC in the header, the agent's address in the payload) and sends them on
 * the networks asked for. A network the host has no address on, or with no transport UP, is skipped: never an
 * error to the caller. It is where the agent's datagrams are encoded, so where they are signed when authentication
 * is on.
 */
final class CommandSender {
    private static final long FAILURE_LOG_INTERVAL_MS = 60_000L;

    private final AgentSettings settings;
    private final MessageCodec codec;
    private final Transports transports;
    private final Logger log;
    private final RateLimitedLog failures;
    private final DatagramAuthentication auth;
    private final LongAdder sent = new LongAdder();
    private final LongAdder withheld = new LongAdder();
    private final BooleanSupplier mayCommand;

    /**
     * @param nanoTime   times the rate limit of the send-failure warnings
     * @param mayCommand whether this agent is the active one now: checked before every datagram
     */
    CommandSender(AgentSettings settings, MessageCodec codec, DatagramAuthentication auth, Transports transports,
            Logger log, LongSupplier nanoTime, BooleanSupplier mayCommand) {
        this.mayCommand = mayCommand;
        this.auth = auth;
        this.settings = settings;
        this.codec = codec;
        this.transports = transports;
        this.log = log;
        this.failures = new RateLimitedLog(log, FAILURE_LOG_INTERVAL_MS, nanoTime);
    }

    /**
     * Sends {@code cmd} to {@code host} on each of {@code networks}, in order.
     *
     * @param announce log each send at info (an operator action) rather than debug (retries, audits)
     * @return on how many networks it was sent
     */
    int send(HostState host, int cmd, List<Network> networks, boolean announce) {
        if (!mayCommand.getAsBoolean()) {
            withheld.increment(); // the standby (or an agent whose lease may be lapsing) commands nothing
            return 0;
        }
        int sent = 0;
        boolean logged = announce || log.isDebugEnabled();
        List<Network> done = logged ? new ArrayList<>(networks.size()) : null;
        for (Network network : networks) {
            if (send(host, cmd, network)) {
                sent++;
                if (logged) {
                    done.add(network);
                }
            }
        }
        // Logged once every copy is out: a log line before a send would delay the copies behind it.
        if (logged) {
            for (Network network : done) {
                if (announce) {
                    log.info("{} sending {} ({})", host.name(), label(cmd), network.wireName());
                } else {
                    log.debug("{} sending {} ({})", host.name(), label(cmd), network.wireName());
                }
            }
        }
        return sent;
    }

    private boolean send(HostState host, int cmd, Network network) {
        String iface = network.wireName();
        InetAddress address = host.addresses.get(network);
        Transport transport = transports.up(network);
        if (address == null || transport == null) {
            log.debug("{} {} not sent on {} network: {}", host.name(), label(cmd), iface,
                    address == null ? "host has no address there" : "no transport up");
            return false;
        }
        int[] parms = cmd == Command.LOCKED && !settings.simplex() ? new int[] {1} : new int[0];
        MtcMessage message = MtcMessage.command(cmd, host.spec.mgmtMac(), parms, payload(cmd, network));
        try {
            transport.send(address, ByteBuffer.wrap(auth.protect(codec.encode(message))));
            sent.increment();
            return true;
        } catch (IOException e) {
            failures.warn(host.name() + " " + iface, host.name() + " " + label(cmd) + " to "
                    + address.getHostAddress() + " on " + iface + " network failed: " + e.getMessage());
            return false;
        }
    }

    /** Sends withheld because this agent was not the active one. */
    long withheldCount() {
        return withheld.sum();
    }

    /** Datagrams sent so far. */
    long sentCount() {
        return sent.sum();
    }

    private String payload(int cmd, Network network) {
        if (cmd == Command.REQ_MTCALIVE && network == Network.PXEBOOT) {
            return codec.pxebootInfoPayload(settings.pxebootInfo());
        }
        return codec.commandPayload(settings.address(network), network);
    }

    static String label(int cmd) {
        return switch (cmd) {
            case Command.LOCKED -> "'Locked' notification";
            case Command.UNLOCKED -> "'UnLocked' notification";
            case Command.REQ_MTCALIVE -> "mtcAlive request";
            default -> "'" + Command.name(cmd) + "'";
        };
    }
}
