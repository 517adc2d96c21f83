package io.mtce.agent.internal;

import io.mtce.flags.FlagFileException;
import io.mtce.flags.durable.DurableFiles;
import io.mtce.flags.durable.Syncer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The default {@link DurableWriter}: the flag-file bundle's {@link DurableFiles} (temp file in the same directory,
 * fsync, atomic rename, directory fsync), so every durable write in mtce follows one implementation.
 */
final class AtomicFileWriter implements DurableWriter {
    private final DurableFiles files = new DurableFiles(Syncer.FSYNC);

    @Override
    public void write(Path target, byte[] content) throws IOException {
        try {
            // DurableFiles keeps one fixed temp name per target: the agent's event loop is its only writer.
            files.write(target.toAbsolutePath(), content);
        } catch (FlagFileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
