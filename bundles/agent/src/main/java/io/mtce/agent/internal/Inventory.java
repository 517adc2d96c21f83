package io.mtce.agent.internal;

import io.mtce.agent.AdminState;
import io.mtce.agent.AgentException;
import io.mtce.agent.HostSpec;
import io.mtce.protocol.Network;
import java.net.InetAddress;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hosts by name and by address, and their durable copy in an {@link InventoryStore}: every change is made
 * durable before it takes effect, and is undone in memory when the write fails. Confined to the agent's event loop.
 * A host's addresses change only through {@link #setAddress}, which keeps the address index right.
 */
final class Inventory {

    /** Makes the in-memory state of a host loaded or added. */
    @FunctionalInterface
    interface HostFactory {
        HostState create(HostSpec spec, Map<Network, InetAddress> addresses, AdminState adminState);
    }

    private final InventoryStore store;
    /** In name order, for listings and the saved file. */
    private final Map<String, HostState> hosts = new TreeMap<>();
    /** The same by hash: every mtcAlive looks its host up by name (15 string comparisons in a tree of 25,000). */
    private final Map<String, HostState> byName = new HashMap<>();
    /** Per network, which host has which address: an ack is matched by its source, and a clash found, in O(1). */
    private final Map<Network, Map<InetAddress, HostState>> byAddress = new EnumMap<>(Network.class);

    private Inventory(InventoryStore store) {
        this.store = store;
    }

    /**
     * Reads the inventory from {@code store}.
     *
     * @throws IllegalStateException naming the store and the problem when it cannot be read or is invalid
     */
    static Inventory load(InventoryStore store, HostFactory factory) {
        Inventory inventory = new Inventory(store);
        for (InventoryJson.Entry entry : store.load()) {
            String name = entry.spec().name();
            Map<Network, InetAddress> addresses;
            try {
                addresses = HostValidation.validate(entry.spec());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("inventory " + store.describe() + " is invalid: " + e.getMessage(), e);
            }
            String clash = inventory.contains(name) ? "host " + name + " is listed twice"
                    : inventory.addressClash(name, addresses);
            if (clash != null) {
                throw new IllegalStateException("inventory " + store.describe() + " is invalid: " + clash);
            }
            inventory.put(factory.create(entry.spec(), addresses, entry.adminState()));
        }
        return inventory;
    }

    InventoryStore store() {
        return store;
    }

    int size() {
        return hosts.size();
    }

    Collection<HostState> all() {
        return hosts.values();
    }

    HostState get(String name) {
        return name == null ? null : byName.get(name);
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** @return the host whose address on {@code network} is {@code address}, or {@code null} */
    HostState byAddress(Network network, InetAddress address) {
        Map<InetAddress, HostState> index = byAddress.get(network);
        return index == null ? null : index.get(address);
    }

    /** Gives {@code host} {@code address} on {@code network} (an address learned, not saved), in the index too. */
    void setAddress(HostState host, Network network, InetAddress address) {
        InetAddress before = host.addresses.put(network, address);
        Map<InetAddress, HostState> index = byAddress.computeIfAbsent(network, n -> new HashMap<>());
        if (before != null) {
            index.remove(before, host);
        }
        index.put(address, host);
    }

    private void put(HostState host) {
        hosts.put(host.name(), host);
        byName.put(host.name(), host);
        host.addresses.forEach((network, address) -> byAddress.computeIfAbsent(network, n -> new HashMap<>())
                .put(address, host));
    }

    private void drop(HostState host) {
        hosts.remove(host.name());
        byName.remove(host.name());
        host.addresses.forEach((network, address) -> {
            Map<InetAddress, HostState> index = byAddress.get(network);
            if (index != null) {
                index.remove(address, host);
            }
        });
    }

    /** Every host address, per network: where datagrams may come from. */
    Map<Network, Set<InetAddress>> addressesByNetwork() {
        Map<Network, Set<InetAddress>> out = new EnumMap<>(Network.class);
        for (Network n : Network.values()) {
            out.put(n, new HashSet<>());
        }
        for (HostState host : hosts.values()) {
            host.addresses.forEach((network, address) -> out.get(network).add(address));
        }
        out.replaceAll((network, set) -> Set.copyOf(set));
        return out;
    }

    /** @return why {@code name} cannot have {@code addresses} (another host has one of them), or {@code null} */
    String addressClash(String name, Map<Network, InetAddress> addresses) {
        for (Map.Entry<Network, InetAddress> e : addresses.entrySet()) {
            HostState other = byAddress(e.getKey(), e.getValue());
            if (other != null && !other.name().equals(name)) {
                return e.getKey().wireName() + " address " + e.getValue().getHostAddress() + " of " + name
                        + " already belongs to " + other.name();
            }
        }
        return null;
    }

    void add(HostState host) throws AgentException {
        put(host);
        try {
            store.put(entry(host), entries());
        } catch (AgentException e) {
            drop(host);
            throw e;
        }
    }

    void remove(HostState host) throws AgentException {
        drop(host);
        try {
            store.remove(host.name(), entries());
        } catch (AgentException e) {
            put(host);
            throw e;
        }
    }

    /** @return whether the state changed (and was saved) */
    boolean setAdminState(HostState host, AdminState state) throws AgentException {
        AdminState before = host.adminState;
        if (before == state) {
            return false;
        }
        host.adminState = state;
        try {
            store.put(entry(host), entries());
        } catch (AgentException e) {
            host.adminState = before;
            throw e;
        }
        return true;
    }

    /** Takes in a host added elsewhere (already durable there). */
    void addedElsewhere(HostState host) {
        put(host);
    }

    /** Forgets a host removed elsewhere. */
    void removedElsewhere(HostState host) {
        drop(host);
    }

    private static InventoryJson.Entry entry(HostState host) {
        return new InventoryJson.Entry(host.spec, host.adminState);
    }

    private List<InventoryJson.Entry> entries() {
        return hosts.values().stream().map(Inventory::entry).toList();
    }
}
