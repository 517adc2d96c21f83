package io.mtce.flags.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mtce.durable.DurableFileException;
import io.mtce.flags.FlagFileException;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A failed durable change reaches NodeLockFlags callers as the same failure, in the API's exception. */
class FlagFileExceptionMappingTest {

    @ParameterizedTest
    @EnumSource(DurableFileException.Operation.class)
    void everyOperationIsReportedAsItself(DurableFileException.Operation operation) {
        IOException cause = new IOException("No space left on device");
        DurableFileException failure = new DurableFileException(operation, "/var/run/.node_locked.tmp", cause);
        IOException other = new IOException("second failure");
        failure.addSuppressed(other);

        FlagFileException reported = FlagKeeper.asFlagFileException(failure);

        assertEquals(operation.name(), reported.operation().name());
        assertEquals(operation.toString(), reported.operation().toString());
        assertEquals("/var/run/.node_locked.tmp", reported.path());
        assertEquals(failure.getMessage(), reported.getMessage());
        assertSame(cause, reported.getCause());
        assertArrayEquals(new Throwable[] {other}, reported.getSuppressed());
    }
}
