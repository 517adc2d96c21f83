package io.mtce.durable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** The fsync step, separate so that tests can count and fail it. */
@FunctionalInterface
public interface Syncer {

    /** Real fsync: {@link FileChannel#force(boolean) force(true)} on the file or directory channel. */
    Syncer FSYNC = (channel, path) -> channel.force(true);

    /** Makes what was written through {@code channel} (to {@code path}, a file or a directory) durable. */
    void sync(FileChannel channel, Path path) throws IOException;
}
