package io.mtce.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mtce.flags.DesiredLock;
import io.mtce.flags.FlagState;
import io.mtce.flags.NodeLockFlags;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlagsTextTest {

    private static NodeLockFlags flags(FlagState state, DesiredLock desired, List<String> anomalies, String error) {
        return new NodeLockFlags() {
            @Override
            public void lock(boolean persist) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unlock() {
                throw new UnsupportedOperationException();
            }

            @Override
            public FlagState state() {
                return state;
            }

            @Override
            public DesiredLock desired() {
                return desired;
            }

            @Override
            public boolean volatileFilePresent() {
                return state.volatilePresent();
            }

            @Override
            public Optional<String> lastError() {
                return Optional.ofNullable(error);
            }

            @Override
            public List<String> anomalies() {
                return anomalies;
            }
        };
    }

    @Test
    void settledFilesShowStateAndDesiredOnly() {
        assertEquals("state BOTH_PRESENT\tdesired LOCKED_PERSIST",
                FlagsText.of(flags(FlagState.BOTH_PRESENT, DesiredLock.LOCKED_PERSIST, List.of(), null)));
    }

    @Test
    void aFailedLockShowsItIsPendingAndWhy() {
        assertEquals("state BOTH_ABSENT\tdesired LOCKED_PERSIST\tpending (the files are not BOTH_PRESENT yet ;"
                + " retried)\terror locked (persist) failed: write failed for /var/run/.node_locked.tmp",
                FlagsText.of(flags(FlagState.BOTH_ABSENT, DesiredLock.LOCKED_PERSIST, List.of(),
                        "locked (persist) failed: write failed for /var/run/.node_locked.tmp")));
    }

    @Test
    void whatIsAtAFlagPathIsShown() {
        assertEquals("state BOTH_ABSENT\tdesired UNLOCKED\tfound /var/run/.node_locked is a directory, not a file",
                FlagsText.of(flags(FlagState.BOTH_ABSENT, DesiredLock.UNLOCKED,
                        List.of("/var/run/.node_locked is a directory, not a file"), null)));
    }
}
