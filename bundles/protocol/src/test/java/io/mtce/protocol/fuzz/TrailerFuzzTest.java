package io.mtce.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtce.protocol.MalformedMessageException;
import io.mtce.protocol.auth.AuthKey;
import io.mtce.protocol.auth.AuthKeys;
import io.mtce.protocol.auth.AuthMode;
import io.mtce.protocol.auth.DatagramAuthenticator;
import io.mtce.protocol.auth.ReplayWindow;
import io.mtce.protocol.auth.Verdict;
import io.mtce.protocol.internal.WireCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Coverage-guided fuzzing of the authentication check: it never throws, an accepted length lies within the
 * datagram, and what it accepts as signed decodes or is refused by the codec (never anything else). The clock is
 * fixed at the seeds' signing time so that the signed seeds verify; a fresh replay window per input keeps the
 * target stateless.
 */
class TrailerFuzzTest {
    /** When the signed seeds were made (see FuzzSeeds). */
    static final Instant SEED_TIME = Instant.parse("2026-07-01T12:00:00Z");
    static final AuthKey KEY = AuthKey.parse("seed key",
            "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final Clock CLOCK = Clock.fixed(SEED_TIME, ZoneOffset.UTC);
    private static final WireCodec CODEC = new WireCodec();

    @FuzzTest(maxDuration = "20s")
    void check(byte[] datagram) {
        for (AuthMode mode : new AuthMode[] {AuthMode.SIGN, AuthMode.REQUIRE}) {
            DatagramAuthenticator auth = new DatagramAuthenticator(mode, AuthKeys.of(KEY),
                    new ReplayWindow(Duration.ofSeconds(30), 16), CLOCK);
            Verdict verdict = auth.check(datagram, 0, datagram.length);
            if (!verdict.accepted()) {
                continue;
            }
            if (verdict.length() < 0 || verdict.length() > datagram.length) {
                throw new AssertionError("accepted length " + verdict.length() + " of " + datagram.length);
            }
            try {
                CODEC.decode(datagram, 0, verdict.length());
            } catch (MalformedMessageException e) {
                // a validly signed datagram may still carry an invalid message: the codec says so
            }
        }
    }
}
