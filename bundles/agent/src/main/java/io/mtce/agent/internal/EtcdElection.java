package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The election of the active agent in etcd: the key {@code <prefix>active} holds the active controller's name and is
 * attached to its lease, created only if absent (a txn on create_revision == 0), so at most one agent holds it. The
 * holder renews its lease every quarter TTL; a standby renews its own too and campaigns every {@link #POLL_MS}, so it
 * takes the key as soon as etcd lets the holder's lease expire.
 * <p>
 * The holder stops commanding on its own, before etcd can let its lease expire: its local deadline is the time it
 * <em>sent</em> its last successful keepalive (etcd renews from when it receives it, later) plus the TTL minus
 * {@code margin}, and {@link #mayCommand} reads the clock, so a renewal blocked on a cut network cannot extend it.
 */
final class EtcdElection implements Leadership {
    static final long POLL_MS = 100;
    static final long HEALTH_CACHE_MS = 2000;

    private final EtcdClient client;
    private final String key;
    private final String self;
    private final long ttlSeconds;
    private final long marginNanos;
    private final Logger log;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Consumer<Boolean> listener = active -> {
    };
    /** While active: nanoTime after which this agent must not command. */
    private volatile long deadlineNanos;
    private volatile boolean active;
    private volatile String holder = "";
    /** After a hand-over: no campaign before holdOffUntil (nanoTime), unless another controller has taken over. */
    private volatile boolean holdingOff;
    private volatile long holdOffUntil;
    private volatile boolean handingOver;
    private long lease;
    /** When the last grant or successful renewal of the lease was sent: the lease lives at least TTL from then. */
    private long lastGrantOrRenew;
    private long lastFailureLog;
    private boolean warnedTtl;
    private Map<String, String> health;
    private long healthAt;

    EtcdElection(EtcdClient client, String prefix, String self, long ttlSeconds, Duration margin, Logger log) {
        this.client = client;
        this.key = prefix + "active";
        this.self = self;
        this.ttlSeconds = ttlSeconds;
        this.marginNanos = margin.toNanos();
        this.log = log;
        this.thread = new Thread(this::run, "mtce-election");
        thread.setDaemon(true);
    }

    @Override
    public void start(Consumer<Boolean> listener) {
        this.listener = listener;
        thread.start();
    }

    @Override
    public boolean mayCommand() {
        return active && System.nanoTime() - deadlineNanos < 0;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public String holder() {
        return holder;
    }

    /** Checked at most every {@link #HEALTH_CACHE_MS} (the status page polls every second). */
    @Override
    public synchronized Map<String, String> endpointHealth() {
        long now = System.nanoTime();
        if (health == null || now - healthAt > TimeUnit.MILLISECONDS.toNanos(HEALTH_CACHE_MS)) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<URI, String> e : client.health(Duration.ofMillis(300)).entrySet()) {
                out.put(e.getKey().toString(), e.getValue());
            }
            health = Map.copyOf(out);
            healthAt = System.nanoTime();
        }
        return health;
    }

    @Override
    public void handOver() throws AgentException {
        if (!active) {
            throw new AgentException(AgentException.Reason.INVALID, "controller " + self + " is the standby; the"
                    + " active one is " + (holder.isEmpty() ? "not known yet" : holder) + ": swact there");
        }
        handingOver = true;
        holdOffUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3 * ttlSeconds);
        holdingOff = true;
        stepDown("handing over on request (swact)");
        try {
            if (client.deleteIfValue(key, self.getBytes(StandardCharsets.UTF_8)) < 0) {
                log.warn("swact: {} no longer held the election key", self);
            }
        } catch (IOException e) {
            // Commands stopped already; the lease lapses on its own since it is no longer renewed as the holder's.
            throw new AgentException(AgentException.Reason.STORAGE, "swact: " + self + " stopped commanding but could"
                    + " not release the election in etcd (the standby takes over when the lease expires): "
                    + e.getMessage(), e);
        } finally {
            handingOver = false;
        }
    }

    private void run() {
        long renewEveryNanos = TimeUnit.SECONDS.toNanos(ttlSeconds) / 4;
        long lastRenew = 0;
        while (!closed) {
            try {
                if (lease == 0) {
                    long sent = System.nanoTime();
                    EtcdClient.Lease granted = client.grant(ttlSeconds);
                    if (granted.ttlSeconds() > ttlSeconds && !warnedTtl) {
                        warnedTtl = true;
                        log.warn("etcd gives leases of {} s, not the {} s of etcd.lease.ttl.s: a standby takes over"
                                + " that much later (lower etcd's --election-timeout, or raise etcd.lease.ttl.s)",
                                granted.ttlSeconds(), ttlSeconds);
                    }
                    lease = granted.id();
                    lastRenew = sent;
                    lastGrantOrRenew = sent;
                }
                if (!active && !handingOver) {
                    campaign();
                } else if (active && System.nanoTime() - lastRenew >= renewEveryNanos) {
                    lastRenew = renew();
                }
                if (!active && System.nanoTime() - lastRenew >= renewEveryNanos) {
                    lastRenew = renew();
                }
            } catch (EtcdClient.LeaseNotFoundException e) {
                // Expired while renewals failed (a cut, an etcd leader change): campaigning with it would fail
                // forever, so a new one is granted.
                log.warn("controller {}: etcd lease {} is gone ; granting a new one", self, Long.toHexString(lease));
                stepDown("its etcd lease expired");
                lease = 0;
            } catch (IOException e) {
                failed(e);
            }
            if (active && System.nanoTime() - deadlineNanos >= 0) {
                stepDown("its lease could not be renewed in time (local deadline passed)");
            }
            sleep(POLL_MS);
        }
        if (active) {
            stepDown("the agent stops");
            Thread.interrupted(); // the revocation below is the last request
            try {
                client.revoke(lease);
            } catch (IOException e) {
                log.debug("lease not revoked on stop: {}", e.toString());
            }
        }
    }

    /** Reads the key (a cheap linearizable read) and creates it only when absent. */
    private void campaign() throws IOException {
        if (holdingOff && System.nanoTime() - holdOffUntil >= 0) {
            holdingOff = false; // nobody took over: this controller campaigns again
        }
        List<EtcdClient.KeyValue> kvs = client.range(key, false).kvs();
        EtcdClient.KeyValue kv = kvs.isEmpty() ? null : kvs.get(0);
        long deadline = lastGrantOrRenew + TimeUnit.SECONDS.toNanos(ttlSeconds) - marginNanos;
        if (kv != null && kv.lease() == lease && System.nanoTime() - deadline >= 0) {
            // Still ours in etcd, but no renewal recent enough to command on: active again only after one succeeds
            // (the loop renews), not active for the instant before the same deadline passes again.
            return;
        }
        if (!holdingOff && (kv == null ? client.create(key, self.getBytes(StandardCharsets.UTF_8), lease) > 0
                : kv.lease() == lease)) {
            // Ours (again, if renewals only came too late): it lives as long as the lease, granted or renewed no
            // earlier than lastGrantOrRenew.
            deadlineNanos = deadline;
            holder = self;
            active = true;
            log.info("controller {} is now the active agent (etcd lease {}, TTL {} s)", self, Long.toHexString(lease),
                    ttlSeconds);
            listener.accept(true);
            return;
        }
        String now = kv == null ? "" : kv.text();
        if (holdingOff && !now.isEmpty() && !now.equals(self)) {
            holdingOff = false; // another controller took over: the hand-over is done
        }
        if (!now.equals(holder)) {
            log.info("controller {} is standby ; the active agent is {}", self, now.isEmpty() ? "none" : now);
        }
        holder = now;
    }

    private long renew() throws IOException {
        long sent = System.nanoTime();
        long wait = TimeUnit.SECONDS.toNanos(ttlSeconds) / 2;
        if (active) {
            // Not past the local deadline: a renewal stuck on a cut network must not delay the step-down (the
            // listener and the log), which the loop performs once this returns or fails.
            wait = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(wait, deadlineNanos - sent));
        }
        long ttl = client.keepAlive(lease, Duration.ofNanos(wait));
        if (ttl <= 0) {
            log.warn("controller {}: etcd lease {} expired", self, Long.toHexString(lease));
            lease = 0;
            if (active) {
                stepDown("its etcd lease expired");
            }
            return sent;
        }
        lastGrantOrRenew = sent;
        if (active) {
            deadlineNanos = sent + TimeUnit.SECONDS.toNanos(ttlSeconds) - marginNanos;
        }
        return sent;
    }

    private void stepDown(String why) {
        if (!active) {
            return;
        }
        active = false;
        holder = "";
        log.warn("controller {} stops being the active agent: {}", self, why);
        listener.accept(false);
    }

    private void failed(IOException e) {
        long now = System.nanoTime();
        if (lastFailureLog == 0 || now - lastFailureLog > TimeUnit.SECONDS.toNanos(10)) {
            lastFailureLog = now;
            log.warn("controller {}: etcd election: {}", self, e.getMessage());
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(ttlSeconds + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
