package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the inventory is kept durably: a local file ({@link FileInventoryStore}) or etcd, shared by the controllers
 * ({@link EtcdInventoryStore}). Every write returns once the change is durable (fsynced, or committed by an etcd
 * quorum) and throws, leaving nothing changed, when it cannot be made so. Called on the agent's event loop.
 */
interface InventoryStore extends AutoCloseable {

    /** A change of one host made elsewhere (by the other controller): its new entry, or {@code null} if removed. */
    record Change(String name, InventoryJson.Entry entry, long revision) {
    }

    /** Not a change but a request: changes were missed, read everything again ({@link #resync}). */
    Change RESYNC = new Change(null, null, 0);

    /** What and where, for logs and the status: "file /var/lib/mtce/inventory.json", "etcd [...] /mtce/". */
    String describe();

    /** @throws IllegalStateException naming the store and the problem when it cannot be read or is invalid */
    List<InventoryJson.Entry> load();

    /** Records {@code entry} (a new host, or a host's new admin state); {@code all} is the inventory after it. */
    void put(InventoryJson.Entry entry, Collection<InventoryJson.Entry> all) throws AgentException;

    /** Forgets host {@code name}; {@code all} is the inventory without it. */
    void remove(String name, Collection<InventoryJson.Entry> all) throws AgentException;

    /**
     * Delivers the changes made by others from now on, on a thread of the store's own: the receiver hands them to
     * the event loop, where {@link #isNew} sorts out its own writes coming back. A local file has no others.
     */
    default void watch(Consumer<Change> changes) {
    }

    /** @return whether {@code change} is news to this store (not its own write, not older than what it has) */
    default boolean isNew(Change change) {
        return false;
    }

    /** Reads everything again and hands it over as changes (e.g. before taking over as the active agent). */
    default List<Change> resync() throws AgentException {
        return List.of();
    }

    @Override
    default void close() {
    }
}
