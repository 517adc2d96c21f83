package io.mtce.durable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Several files created, replaced or removed in one step that shares the fsyncs, each change as crash-safe as with
 * {@link DurableFiles}: every temp file is written and fsynced, then each is renamed into place and each removal
 * unlinked, then every directory involved is fsynced once. The changes are independent: one that fails does not
 * stop the others. There is no atomicity across files (a crash during {@link #commit()} may leave any mix of old
 * and new files, each complete), so a caller that needs all or nothing records its intent durably first.
 * {@link #allOrNothing()} makes a failure stop the batch instead: nothing is renamed or removed unless every temp
 * file was written, and no rename or removal follows one that failed, so the caller has at most the changes before
 * it to undo ({@link #applied()}).
 * Single use, not thread-safe, one change per target; same temp names as {@link DurableFiles}.
 */
public final class DurableBatch {

    /** A write when {@code content} is set, a removal when it is null. */
    private record Change(Path target, byte[] content) {
        boolean removal() {
            return content == null;
        }
    }

    private final DurableFiles files;
    private final List<Change> changes = new ArrayList<>();
    private final Set<Path> durable = new HashSet<>();
    private final Set<Path> applied = new HashSet<>();
    private boolean stopAtFailure;
    private boolean committed;

    public DurableBatch(DurableFiles files) {
        this.files = files;
    }

    /** Queues {@code target} to be created or replaced with {@code content}. */
    public DurableBatch write(Path target, byte[] content) {
        return add(new Change(target, content.clone()));
    }

    /**
     * Queues {@code target} to be absent: unlinked if present, and its directory fsynced either way, so that an
     * absence nobody made durable (a removal by someone else, or one whose fsync failed) becomes durable too.
     */
    public DurableBatch delete(Path target) {
        return add(new Change(target, null));
    }

    /**
     * Stops at the first failure: no rename or removal unless every temp file was written, and none after one that
     * failed; renames and removals in the order queued. Call before queuing.
     */
    public DurableBatch allOrNothing() {
        if (committed || !changes.isEmpty()) {
            throw new IllegalStateException("allOrNothing() comes before the first change");
        }
        stopAtFailure = true;
        return this;
    }

    /**
     * Carries out every queued change; see {@link #durable()} for which ones are durable now.
     *
     * @throws DurableFileException the first failure, once every other change was carried out
     */
    public void commit() throws DurableFileException {
        if (committed) {
            throw new IllegalStateException("a batch commits once");
        }
        committed = true;
        List<DurableFileException> failures = new ArrayList<>();
        Set<Path> prepared = new HashSet<>();
        for (Change change : changes) {
            if (!change.removal()) {
                try {
                    files.writeTemp(change.target(), change.content());
                    prepared.add(change.target());
                } catch (DurableFileException e) {
                    failures.add(e);
                }
            }
        }
        Map<Path, List<Path>> waitingByDirectory = new LinkedHashMap<>();
        for (Change change : changes) {
            if (stopAtFailure && !failures.isEmpty()) {
                break;
            }
            Path target = change.target();
            try {
                if (change.removal()) {
                    files.unlink(target);
                } else if (prepared.contains(target)) {
                    files.moveIntoPlace(target);
                } else {
                    continue;
                }
                applied.add(target);
                waitingByDirectory.computeIfAbsent(target.getParent(), dir -> new ArrayList<>()).add(target);
            } catch (DurableFileException e) {
                failures.add(e);
            }
        }
        for (Path target : prepared) {
            if (!applied.contains(target)) {
                DurableFiles.deleteQuietly(DurableFiles.tempOf(target)); // stopped before its rename
            }
        }
        for (Map.Entry<Path, List<Path>> waiting : waitingByDirectory.entrySet()) {
            try {
                files.syncDirectory(waiting.getKey());
                durable.addAll(waiting.getValue());
            } catch (DurableFileException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            DurableFileException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** The targets whose change is durable: after a {@link #commit()} that threw, the ones that still made it. */
    public Set<Path> durable() {
        return Set.copyOf(durable);
    }

    /** The targets renamed into place or unlinked, durable or not (directory fsyncs may have failed). */
    public Set<Path> applied() {
        return Set.copyOf(applied);
    }

    private DurableBatch add(Change change) {
        if (committed) {
            throw new IllegalStateException("batch already committed");
        }
        if (changes.stream().anyMatch(queued -> queued.target().equals(change.target()))) {
            throw new IllegalArgumentException("already queued: " + change.target());
        }
        changes.add(change);
        return this;
    }
}
