package io.mtce.flags.internal;

import static io.mtce.flags.internal.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagChange;
import io.mtce.flags.FlagChange.Kind;
import io.mtce.flags.FlagFileException;
import io.mtce.flags.FlagState;
import io.mtce.flags.FlagStateListener;
import io.mtce.testing.RecordingLogger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private FlagSettings settings;
    private final CountingSyncer syncer = new CountingSyncer();
    private final List<FlagChange> seen = new CopyOnWriteArrayList<>();
    private final FlagStateListener listener = seen::add;
    private NodeLockFlagsComponent flags;

    @BeforeEach
    void setUp() {
        settings = FlagSettings.in(dir).withAuditPeriod(3_600_000);
        flags = new NodeLockFlagsComponent(settings, syncer, true, new RecordingLogger());
        flags.addListener(listener);
    }

    @AfterEach
    void tearDown() {
        flags.deactivate();
    }

    private List<Kind> kinds() {
        return seen.stream().map(FlagChange::kind).toList();
    }

    @Test
    void listenerIsToldAboutLockUnlockCorrectionAndFailure() throws Exception {
        flags.lock(true);
        await(() -> kinds().equals(List.of(Kind.LOCKED)), TIMEOUT, "LOCKED told: " + seen);
        assertEquals(FlagState.BOTH_PRESENT, seen.get(0).state());
        assertEquals(DesiredLock.LOCKED_PERSIST, seen.get(0).desired());

        Files.delete(settings.backupPath());
        await(() -> kinds().equals(List.of(Kind.LOCKED, Kind.CORRECTED)), TIMEOUT, "CORRECTED told: " + seen);

        flags.unlock();
        await(() -> kinds().size() == 3 && kinds().get(2) == Kind.UNLOCKED, TIMEOUT, "UNLOCKED told: " + seen);

        syncer.failWhen(path -> true);
        assertThrows(FlagFileException.class, () -> flags.lock(true));
        await(() -> kinds().size() == 4 && kinds().get(3) == Kind.FAILED, TIMEOUT, "FAILED told: " + seen);
    }

    @Test
    void removedListenerIsNotCalled() throws Exception {
        flags.removeListener(listener);

        flags.lock(true);
        flags.unlock();

        FlagStateListener probe = seen::add;
        flags.addListener(probe);
        flags.lock(false);
        await(() -> seen.size() == 1, TIMEOUT, "only the change after re-adding");
        assertEquals(Kind.LOCKED, seen.get(0).kind());
    }

    @Test
    void failingListenerDoesNotStopOthers() throws Exception {
        flags.removeListener(listener);
        flags.addListener(change -> {
            throw new IllegalStateException("listener bug");
        });
        flags.addListener(listener);

        flags.lock(true);

        await(() -> seen.size() == 1, TIMEOUT, "second listener still called");
    }
}
