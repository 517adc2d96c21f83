package io.mtce.agent.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Replaces a file so that after a crash it holds either the old or the new content, never a mix. */
@FunctionalInterface
interface DurableWriter {

    /** Writes {@code content} to {@code target}; once this returns the new content survives power loss. */
    void write(Path target, byte[] content) throws IOException;
}
