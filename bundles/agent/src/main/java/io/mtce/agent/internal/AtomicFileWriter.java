package io.mtce.agent.internal;

import io.mtce.durable.DurableFileException;
import io.mtce.durable.DurableFiles;
import io.mtce.durable.Syncer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The default {@link DurableWriter}: {@link DurableFiles} of io.mtce.durable (temp file in the same directory,
 * fsync, atomic rename, directory fsync), so every durable write in mtce follows one implementation.
 */
final class AtomicFileWriter implements DurableWriter {
    private final DurableFiles files = new DurableFiles(Syncer.FSYNC);

    @Override
    public void write(Path target, byte[] content) throws IOException {
        try {
            // DurableFiles keeps one fixed temp name per target: the agent's event loop is its only writer.
            files.write(target.toAbsolutePath(), content);
        } catch (DurableFileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
