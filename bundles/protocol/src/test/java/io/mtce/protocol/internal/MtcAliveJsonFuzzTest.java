package io.mtce.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the mtcAlive JSON's two readers: on any text the plain fast path either declines or
 * reads exactly what jackson-core reads, and jackson-core either reads it or raises {@link MalformedMessageException}.
 * In a normal build only the inputs under {@code MtcAliveJsonFuzzTestInputs/read} run (see BENCHMARKS.md).
 */
class MtcAliveJsonFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void read(byte[] input) {
        String json = new String(input, StandardCharsets.UTF_8);
        Object plain = Outcomes.plainJson(json);
        if (plain != null) {
            assertEquals(Outcomes.generalJson(json), plain);
        }
    }
}
