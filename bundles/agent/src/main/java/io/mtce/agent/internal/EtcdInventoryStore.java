package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * The inventory in etcd, shared by the controllers: one key per host, {@code <prefix>hosts/<name>}, holding the
 * host's entry in the inventory file's JSON. A write is a transaction that succeeds only if the key's mod_revision
 * is still the one this agent last saw (no lost update when both controllers change a host at once), and returns
 * once etcd has committed it on a quorum. A watch delivers the other controller's changes, and resumes after a
 * broken connection from the last revision seen.
 */
final class EtcdInventoryStore implements InventoryStore {
    private static final long WATCH_RETRY_MS = 250;

    private final EtcdClient client;
    private final String hostsPrefix;
    private final Path seed;
    private final Logger log;
    /** Per host, the mod_revision of its key as last seen here (event loop only, after load). */
    private final Map<String, Long> modRevisions = new HashMap<>();
    /** Per removed host, the revision of the removal (event loop only). */
    private final Map<String, Long> removedAt = new HashMap<>();
    /** The last revision the watch has seen: where it resumes. */
    private volatile long revision;
    private volatile boolean closed;
    private volatile Stream<String> watchStream;
    private volatile Thread watcher;

    /** @param seed an inventory file whose hosts are written to etcd when it holds none, or {@code null} */
    EtcdInventoryStore(EtcdClient client, String prefix, Path seed, Logger log) {
        this.client = client;
        this.hostsPrefix = prefix + "hosts/";
        this.seed = seed;
        this.log = log;
    }

    @Override
    public String describe() {
        return "etcd " + client.endpoints() + " under " + hostsPrefix;
    }

    @Override
    public List<InventoryJson.Entry> load() {
        try {
            EtcdClient.Range range = client.range(hostsPrefix, true);
            if (range.kvs().isEmpty() && seed != null) {
                seed();
                range = client.range(hostsPrefix, true);
            }
            List<InventoryJson.Entry> entries = new ArrayList<>();
            for (EtcdClient.KeyValue kv : range.kvs()) {
                InventoryJson.Entry entry = entry(kv);
                entries.add(entry);
                modRevisions.put(entry.spec().name(), kv.modRevision());
            }
            revision = range.revision();
            log.info("inventory: {} host(s) in {} at revision {}", entries.size(), describe(), revision);
            return entries;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the inventory from " + describe() + ": " + e.getMessage(), e);
        } catch (InventoryException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void seed() throws IOException, InventoryException {
        if (!Files.exists(seed)) {
            throw new IllegalStateException("inventory.seed " + seed + " does not exist (and " + describe()
                    + " holds no host)");
        }
        List<InventoryJson.Entry> entries = InventoryJson.read(seed.toString(), Files.readAllBytes(seed));
        for (InventoryJson.Entry entry : entries) {
            client.create(key(entry.spec().name()), InventoryJson.write(List.of(entry)), 0);
        }
        log.info("{} held no host ; wrote the {} host(s) of {}", describe(), entries.size(), seed);
    }

    private InventoryJson.Entry entry(EtcdClient.KeyValue kv) throws InventoryException {
        List<InventoryJson.Entry> entries = InventoryJson.read("etcd key " + kv.key(), kv.value());
        String name = kv.key().substring(hostsPrefix.length());
        if (entries.size() != 1 || !entries.get(0).spec().name().equals(name)) {
            throw new InventoryException("etcd key " + kv.key() + " must hold exactly host " + name + ", found "
                    + entries.stream().map(e -> e.spec().name()).toList(), null);
        }
        return entries.get(0);
    }

    private String key(String name) {
        return hostsPrefix + name;
    }

    @Override
    public void put(InventoryJson.Entry entry, Collection<InventoryJson.Entry> all) throws AgentException {
        String name = entry.spec().name();
        long expected = modRevisions.getOrDefault(name, 0L);
        long written;
        try {
            written = client.putIfModRevision(key(name), InventoryJson.write(List.of(entry)), expected, 0);
        } catch (IOException e) {
            throw unavailable(name, e);
        }
        if (written < 0) {
            throw changedElsewhere(name);
        }
        modRevisions.put(name, written);
        removedAt.remove(name);
    }

    @Override
    public void remove(String name, Collection<InventoryJson.Entry> all) throws AgentException {
        long written;
        try {
            written = client.deleteIfModRevision(key(name), modRevisions.getOrDefault(name, 0L));
        } catch (IOException e) {
            throw unavailable(name, e);
        }
        if (written < 0) {
            throw changedElsewhere(name);
        }
        modRevisions.remove(name);
        removedAt.put(name, written);
    }

    private AgentException unavailable(String name, IOException e) {
        log.error("the change of {} was not confirmed by etcd: {}", name, e.getMessage());
        return new AgentException(AgentException.Reason.STORAGE, "the change of " + name + " was not confirmed by"
                + " etcd (no quorum reachable?), so it is refused: " + e.getMessage(), e);
    }

    private AgentException changedElsewhere(String name) {
        return new AgentException(AgentException.Reason.IN_PROGRESS, "host " + name + " was changed on the other"
                + " controller meanwhile; that change is being applied here: try again");
    }

    @Override
    public boolean isNew(Change change) {
        long known = Math.max(modRevisions.getOrDefault(change.name(), 0L),
                removedAt.getOrDefault(change.name(), 0L));
        if (change.revision() <= known) {
            return false;
        }
        if (change.entry() == null) {
            if (!modRevisions.containsKey(change.name())) {
                return false;
            }
            modRevisions.remove(change.name());
            removedAt.put(change.name(), change.revision());
        } else {
            modRevisions.put(change.name(), change.revision());
            removedAt.remove(change.name());
        }
        return true;
    }

    @Override
    public List<Change> resync() throws AgentException {
        EtcdClient.Range range;
        try {
            range = client.range(hostsPrefix, true);
        } catch (IOException e) {
            throw new AgentException(AgentException.Reason.STORAGE, "cannot read the inventory from " + describe()
                    + ": " + e.getMessage(), e);
        }
        List<Change> changes = new ArrayList<>();
        List<String> present = new ArrayList<>();
        for (EtcdClient.KeyValue kv : range.kvs()) {
            String name = kv.key().substring(hostsPrefix.length());
            present.add(name);
            try {
                changes.add(new Change(name, entry(kv), kv.modRevision()));
            } catch (InventoryException e) {
                log.error("ignoring {}", e.getMessage());
            }
        }
        for (String name : List.copyOf(modRevisions.keySet())) {
            if (!present.contains(name)) {
                changes.add(new Change(name, null, range.revision()));
            }
        }
        revision = Math.max(revision, range.revision());
        return changes;
    }

    @Override
    public void watch(Consumer<Change> changes) {
        Thread thread = new Thread(() -> watchLoop(changes), "mtce-etcd-watch");
        thread.setDaemon(true);
        watcher = thread;
        thread.start();
    }

    private void watchLoop(Consumer<Change> changes) {
        long failingSince = 0;
        while (!closed) {
            try (Stream<String> lines = client.watch(hostsPrefix, revision + 1)) {
                watchStream = lines;
                long[] seen = {revision};
                lines.forEach(line -> {
                    try {
                        for (EtcdClient.Event event : EtcdClient.events(line, seen)) {
                            deliver(event, changes);
                            seen[0] = Math.max(seen[0], event.kv().modRevision());
                        }
                        revision = seen[0];
                    } catch (IOException e) {
                        throw new WatchEnded(e);
                    }
                });
                failingSince = 0;
            } catch (WatchEnded e) {
                if (e.getCause() instanceof EtcdClient.CompactedException) {
                    EtcdClient.CompactedException compacted = (EtcdClient.CompactedException) e.getCause();
                    log.warn("inventory watch: {} ; reading everything again", compacted.getMessage());
                    revision = compacted.revision - 1;
                    changes.accept(RESYNC);
                } else if (!closed) {
                    log.warn("inventory watch: {} ; resuming from revision {}", e.getCause().getMessage(),
                            revision + 1);
                }
            } catch (IOException | RuntimeException e) {
                if (!closed && failingSince == 0) {
                    failingSince = System.nanoTime();
                    log.warn("inventory watch on {} broke: {} ; resuming from revision {}", client.endpoints(),
                            e.toString(), revision + 1);
                }
            } finally {
                watchStream = null;
            }
            if (!closed) {
                try {
                    Thread.sleep(WATCH_RETRY_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void deliver(EtcdClient.Event event, Consumer<Change> changes) {
        String name = event.kv().key().substring(hostsPrefix.length());
        if (event.deleted()) {
            changes.accept(new Change(name, null, event.kv().modRevision()));
            return;
        }
        try {
            changes.accept(new Change(name, entry(event.kv()), event.kv().modRevision()));
        } catch (InventoryException e) {
            log.error("ignoring a change in etcd: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = watcher;
        if (thread != null) {
            thread.interrupt();
        }
        Stream<String> stream = watchStream;
        if (stream != null) {
            stream.close();
        }
    }

    /** Carries a watch message's problem out of the stream's forEach. */
    private static final class WatchEnded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WatchEnded(IOException cause) {
            super(cause);
        }
    }

}
