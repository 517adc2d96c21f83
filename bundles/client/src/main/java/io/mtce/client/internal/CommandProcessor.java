package io.mtce.client.internal;

import io.mtce.flags.FlagFileException;
import io.mtce.flags.NodeLockFlags;
import io.mtce.protocol.Command;
import io.mtce.protocol.Header;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.MessageCodec;
import io.mtce.protocol.MtcMessage;
import io.mtce.protocol.Network;
import io.mtce.protocol.WireFormat;
import io.mtce.protocol.auth.DatagramAuthentication;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.RejectionCounts;
import io.mtce.transport.Transport;
import io.mtce.transport.log.RateLimitedLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Obeys the agent's commands as the C++ mtcClient does ({@code mtc_service_command}): checks the header and target
 * MAC (exactly, case included), drives the flag files on LOCKED/UNLOCKED, learns the controllers' pxeboot addresses
 * from a pxeboot mtcAlive request, and acknowledges on the network the command came in on, to where the C++ agent
 * listens ({@link ClientSettings#ackTargets}). One deliberate difference: a LOCKED or UNLOCKED whose flag-file change
 * failed is not acknowledged, so the agent retries it. Before any of that, a datagram must pass the
 * {@link CommandFilter} (source allowlist, authentication); acks are signed when authentication is on. Safe for
 * concurrent use (one call per receive thread).
 */
final class CommandProcessor {
    /** At most one warning per sender and reason in this period. */
    static final long PEER_WARNING_INTERVAL_MS = 60_000L;

    private final ClientSettings settings;
    private final MessageCodec codec;
    private final NodeLockFlags flags;
    private final MtcAliveComposer composer;
    private final Logger log;
    private final RateLimitedLog peerWarnings;
    private final Set<InetAddress> ownAddresses;
    private final CommandFilter filter;
    private final DatagramAuthentication auth;
    private final PxebootControllers pxeboot;
    /**
     * LOCKED often arrives on three networks at once (three receive threads): serializing the flag changes keeps
     * "was it locked before" exact, so "locked" is logged once, as the single-threaded C++ client does.
     */
    private final Object flagChange = new Object();
    private final LongSupplier nanoTime;
    /** The LOCKED or UNLOCKED whose change is on the files now, and when it arrived; guarded by flagChange. */
    private int appliedCmd = -1;
    private long appliedArrival;

    /** With the default protection: source allowlist on, authentication off. */
    CommandProcessor(ClientSettings settings, MessageCodec codec, NodeLockFlags flags, MtcAliveComposer composer,
            Logger log, LongSupplier nanoTime) {
        this(settings, true, DatagramAuthenticator.off(), codec, flags, composer, log, nanoTime);
    }

    /**
     * @param allowlist whether commands are accepted only from controller addresses (and this host's own)
     * @param auth checks received datagrams and signs acks
     */
    CommandProcessor(ClientSettings settings, boolean allowlist, DatagramAuthentication auth, MessageCodec codec,
            NodeLockFlags flags, MtcAliveComposer composer, Logger log, LongSupplier nanoTime) {
        this(settings, allowlist, auth, codec, flags, composer, new PxebootControllers(settings, log), log, nanoTime);
    }

    /** @param pxeboot where pxeboot mtcAlive goes, updated from each pxeboot mtcAlive request */
    CommandProcessor(ClientSettings settings, boolean allowlist, DatagramAuthentication auth, MessageCodec codec,
            NodeLockFlags flags, MtcAliveComposer composer, PxebootControllers pxeboot, Logger log,
            LongSupplier nanoTime) {
        this.pxeboot = pxeboot;
        this.nanoTime = nanoTime;
        this.settings = settings;
        this.codec = codec;
        this.flags = flags;
        this.composer = composer;
        this.log = log;
        this.peerWarnings = new RateLimitedLog(log, PEER_WARNING_INTERVAL_MS, nanoTime);
        this.ownAddresses = settings.ownAddresses();
        this.filter = new CommandFilter(settings, allowlist, auth, log, nanoTime);
        this.auth = auth;
    }

    /** Runs {@code task} once no flag change is being applied: the health service's ping. */
    void whenIdle(Runnable task) {
        synchronized (flagChange) {
            task.run();
        }
    }

    /** How many datagrams were dropped before being acted on, by reason. */
    RejectionCounts rejections() {
        return filter.rejections();
    }

    void handle(Transport from, InetSocketAddress sender, ByteBuffer datagram) {
        handle(from, sender, datagram, nanoTime.getAsLong());
    }

    /** @param arrival when the datagram reached this host's receive thread ({@code nanoTime}) */
    void handle(Transport from, InetSocketAddress sender, ByteBuffer datagram, long arrival) {
        String iface = from.network().wireName();
        String ip = sender.getAddress().getHostAddress();
        int bytes = datagram.remaining();
        byte[] array;
        int offset;
        if (datagram.hasArray()) {
            array = datagram.array();
            offset = datagram.arrayOffset() + datagram.position();
        } else {
            array = new byte[bytes];
            datagram.get(datagram.position(), array);
            offset = 0;
        }
        int length = filter.admit(from.network(), sender.getAddress(), array, offset, bytes);
        if (length < 0) {
            return;
        }
        MtcMessage message;
        try {
            message = codec.decode(array, offset, length);
        } catch (MalformedMessageException e) {
            filter.malformed();
            peerWarnings.warn(peerKey(ip, e.reason().toString()), "malformed message from " + ip + " on " + iface
                    + " network ; dropping: " + e.getMessage());
            return;
        }
        if (message.header() != Header.CMD_REQ) {
            peerWarnings.warn(peerKey(ip, message.header().toString()), "unsupported message from " + ip + " on "
                    + iface + " network");
            return;
        }
        // Like the C++ client, a command from this host's own address is not MAC-checked.
        if (message.ver() >= WireFormat.CMD_VERSION && !ownAddresses.contains(sender.getAddress())
                && !message.mac().equals(settings.mgmtMac())) {
            peerWarnings.warn(peerKey(ip, "mac"), settings.hostname() + " req command from " + iface
                    + " network not for this host (exp:" + settings.mgmtMac() + " det:" + message.mac()
                    + ") ; ignoring");
            return;
        }
        dispatch(from, sender, message, bytes, arrival);
    }

    /**
     * Per sender and reason when only allowed senders get this far; per reason alone otherwise, so that forged
     * source addresses cannot each get their own line.
     */
    private String peerKey(String ip, String reason) {
        return filter.allowlist() ? ip + " " + reason : reason;
    }

    private void dispatch(Transport from, InetSocketAddress sender, MtcMessage message, int bytes, long arrival) {
        String iface = from.network().wireName();
        int cmd = message.cmd();
        if (cmd == Command.LOCKED) {
            locked(from, sender, message, arrival);
        } else if (cmd == Command.UNLOCKED && !settings.legacyNoUnlocked()) {
            unlocked(from, sender, message, arrival);
        } else if (cmd == Command.REQ_MTCALIVE) {
            mtcAliveRequest(from, sender, message);
        } else if (cmd == Command.INFO || cmd == Command.SYNC || cmd == Command.SUBF_GOENABLED_FAILED) {
            log.debug("{} {} received from {} network ; not acted on, no reply", settings.hostname(),
                    Command.name(cmd), iface);
        } else {
            // Acked like the C++ client does, but logged at most once a minute per code and network: a peer may
            // send thousands a second.
            String code = Long.toString(Integer.toUnsignedLong(cmd));
            boolean logged = peerWarnings.warnIfDue("unsupported " + code + " " + iface,
                    "Unsupported maintenance command (" + code + ") with " + bytes + " bytes received from " + iface
                            + " network");
            if (ack(from, sender, message) && logged) {
                log.info("{} reply send ({})", nameOf(cmd), iface);
            }
        }
    }

    private void locked(Transport from, InetSocketAddress sender, MtcMessage message, long arrival) {
        String iface = from.network().wireName();
        boolean persist = message.num() > 0 && message.parm(Command.PARM_LOCK_PERSIST) != 0;
        boolean wasLocked;
        synchronized (flagChange) {
            if (superseded(Command.LOCKED, arrival, iface)) {
                return;
            }
            wasLocked = flags.volatileFilePresent();
            try {
                flags.lock(persist);
            } catch (FlagFileException e) {
                log.error("{} lock failed ({}) ; not acknowledging, the agent will retry: {}", settings.hostname(),
                        iface, e.getMessage());
                return;
            }
            applied(Command.LOCKED, arrival);
        }
        ack(from, sender, message); // before the log line, which would only delay it
        if (!wasLocked) {
            log.info("{} locked ({})", settings.hostname(), iface);
        }
    }

    private void unlocked(Transport from, InetSocketAddress sender, MtcMessage message, long arrival) {
        String iface = from.network().wireName();
        synchronized (flagChange) {
            if (superseded(Command.UNLOCKED, arrival, iface)) {
                return;
            }
            try {
                flags.unlock();
            } catch (FlagFileException e) {
                log.error("{} unlock failed ({}) ; not acknowledging, the agent will retry: {}", settings.hostname(),
                        iface, e.getMessage());
                return;
            }
            applied(Command.UNLOCKED, arrival);
        }
        // Logged once the files are durable and the ack is out: a log line first would delay both.
        boolean acked = ack(from, sender, message);
        log.info("{} unlocked received from {} network", settings.hostname(), iface);
        if (acked) {
            log.info("unlocked msg reply send ({})", iface);
        }
    }

    /**
     * Whether {@code cmd} arrived before the opposite command now on the files. The agent sends LOCKED on every
     * network at once and the copies wait for one another on {@code flagChange}; an UNLOCKED that follows the lock's
     * ack can take the monitor before the last copy, which would lock the host again until the agent corrected it.
     * Such a copy was already acknowledged through another network, so it is neither applied nor acknowledged.
     * Called holding {@code flagChange}.
     */
    private boolean superseded(int cmd, long arrival, String iface) {
        if (appliedCmd == -1 || appliedCmd == cmd || arrival - appliedArrival >= 0) {
            return false;
        }
        log.info("{} {} ({}) arrived {} µs before the {} now applied ; a late copy, ignored", settings.hostname(),
                Command.name(cmd), iface, (appliedArrival - arrival) / 1_000, Command.name(appliedCmd));
        return true;
    }

    /** Called holding {@code flagChange} once {@code cmd}'s change is on the files. */
    private void applied(int cmd, long arrival) {
        if (appliedCmd != cmd || arrival - appliedArrival > 0) {
            appliedCmd = cmd;
            appliedArrival = arrival;
        }
    }

    /**
     * Answered at once on pxeboot only, as the C++ client has done since the pxeboot alarm came in: it learns the
     * controllers' pxeboot addresses from the request's pxebootInfo and sends them an mtcAlive. With none known
     * (an agent that names no unit), the requester gets it.
     */
    private void mtcAliveRequest(Transport from, InetSocketAddress sender, MtcMessage request) {
        if (from.network() != Network.PXEBOOT) {
            log.debug("{} mtcAlive request received from {} network", settings.hostname(), from.network().wireName());
            return;
        }
        try {
            pxeboot.learn(codec.readPxebootInfo(request));
        } catch (MalformedMessageException e) {
            String ip = sender.getAddress().getHostAddress();
            peerWarnings.warn(peerKey(ip, "pxebootInfo"), "pxeboot mtcAlive request from " + ip
                    + " without usable pxebootInfo: " + e.getMessage());
        }
        List<InetAddress> targets = pxeboot.targets();
        if (targets.isEmpty()) {
            targets = List.of(sender.getAddress());
        }
        ByteBuffer alive = ByteBuffer.wrap(composer.next(Network.PXEBOOT)).asReadOnlyBuffer();
        for (InetAddress target : targets) {
            try {
                from.send(target, alive);
            } catch (IOException e) {
                log.warn("{} pxeboot mtcAlive reply to {} failed: {}", settings.hostname(), target.getHostAddress(),
                        e.getMessage());
            }
        }
    }

    /**
     * The 100-byte ack (149 when signed) on the agent's rx port (the transport's peer port), to where the C++ agent
     * listens for it.
     *
     * @return whether it was sent to at least one address
     */
    private boolean ack(Transport from, InetSocketAddress sender, MtcMessage command) {
        ByteBuffer ack = ByteBuffer.wrap(auth.protect(codec.encode(MtcMessage.ackOf(command)))).asReadOnlyBuffer();
        boolean sent = false;
        for (InetAddress target : settings.ackTargets(from.network(), sender.getAddress())) {
            try {
                from.send(target, ack);
                sent = true;
            } catch (IOException e) {
                log.warn("{} {} reply to {} on {} network failed: {}", settings.hostname(), nameOf(command.cmd()),
                        target.getHostAddress(), from.network().wireName(), e.getMessage());
            }
        }
        return sent;
    }

    private String nameOf(int cmd) {
        return cmd == Command.UNLOCKED && settings.legacyNoUnlocked() ? "unknown" : Command.name(cmd);
    }
}
