package io.mtce.agent.internal;

import io.mtce.agent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;

/** The inventory in one local JSON file, rewritten crash-safely on every change: the single-controller default. */
final class FileInventoryStore implements InventoryStore {
    private final Path path;
    private final Path seed;
    private final DurableWriter writer;
    private final Logger log;

    /** @param seed the inventory to start from when there is no file at {@code path} yet, or {@code null} */
    FileInventoryStore(Path path, Path seed, DurableWriter writer, Logger log) {
        this.path = path;
        this.seed = seed;
        this.writer = writer;
        this.log = log;
    }

    @Override
    public String describe() {
        return "file " + path;
    }

    @Override
    public List<InventoryJson.Entry> load() {
        if (Files.exists(path)) {
            return read(path);
        }
        if (seed == null) {
            log.info("no inventory at {} ; starting with no hosts", path);
            return List.of();
        }
        if (!Files.exists(seed)) {
            throw new IllegalStateException("inventory.seed " + seed + " does not exist (and there is no inventory at "
                    + path + ")");
        }
        List<InventoryJson.Entry> entries = read(seed);
        try {
            save(entries);
        } catch (AgentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        log.info("no inventory at {} ; started from {} with {} host(s)", path, seed, entries.size());
        return entries;
    }

    private static List<InventoryJson.Entry> read(Path file) {
        try {
            return InventoryJson.read(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalStateException("inventory file " + file + " cannot be read: " + e, e);
        } catch (InventoryException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void put(InventoryJson.Entry entry, Collection<InventoryJson.Entry> all) throws AgentException {
        save(all);
    }

    @Override
    public void remove(String name, Collection<InventoryJson.Entry> all) throws AgentException {
        save(all);
    }

    private void save(Collection<InventoryJson.Entry> all) throws AgentException {
        try {
            writer.write(path, InventoryJson.write(List.copyOf(all)));
        } catch (IOException e) {
            log.error("cannot save the inventory to {}: {}", path, e.toString());
            throw new AgentException(AgentException.Reason.STORAGE, "cannot save the inventory to " + path + ": "
                    + e.getMessage(), e);
        }
    }
}
