package io.mtce.protocol.auth;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The node's authentication configuration (PID {@code io.mtce.auth}), validated. Errors name the configuration key
 * and never quote a secret.
 */
public final class AuthSettings {
    public static final String MODE_KEY = "auth.mode";
    public static final String KEY_KEY = "auth.key";
    public static final String KEY_FILE_KEY = "auth.key.file";
    public static final String PREVIOUS_KEY_KEY = "auth.previous.key";
    public static final String PREVIOUS_KEY_FILE_KEY = "auth.previous.key.file";
    public static final String GRACE_KEY = "auth.grace.seconds";
    public static final String REPLAY_WINDOW_KEY = "auth.replay.window.ms";
    public static final long DEFAULT_GRACE_SECONDS = 3600L;
    public static final long DEFAULT_REPLAY_WINDOW_MS = 30_000L;

    private static final AuthSettings OFF = new AuthSettings(AuthMode.OFF, null, null, Duration.ZERO,
            Duration.ofMillis(DEFAULT_REPLAY_WINDOW_MS));

    private final AuthMode mode;
    private final AuthKey key;
    private final AuthKey previous;
    private final Duration grace;
    private final Duration replayWindow;

    private AuthSettings(AuthMode mode, AuthKey key, AuthKey previous, Duration grace, Duration replayWindow) {
        this.mode = mode;
        this.key = key;
        this.previous = previous;
        this.grace = grace;
        this.replayWindow = replayWindow;
    }

    /** auth.mode=off: the C++-compatible default. */
    public static AuthSettings off() {
        return OFF;
    }

    /** For tests and tools: {@code mode} with {@code key}, no other key, the default replay window. */
    public static AuthSettings of(AuthMode mode, AuthKey key) {
        return new AuthSettings(mode, key, null, Duration.ZERO, Duration.ofMillis(DEFAULT_REPLAY_WINDOW_MS));
    }

    /**
     * Validates the raw configuration values (blank strings mean "not set").
     *
     * @param mode auth.mode: off, sign or require
     * @param key auth.key: hex or base64
     * @param keyFile auth.key.file: a file holding the key, mode 0600 (exclusive with auth.key)
     * @param previousKey auth.previous.key: a second accepted key during the grace period
     * @param previousKeyFile auth.previous.key.file (exclusive with auth.previous.key)
     * @param graceSeconds auth.grace.seconds: how long after activation the second key is accepted, >= 0
     * @param replayWindowMs auth.replay.window.ms: the replay window, > 0
     * @throws IllegalArgumentException naming the key of the first invalid value
     */
    public static AuthSettings parse(String mode, String key, String keyFile, String previousKey,
            String previousKeyFile, long graceSeconds, long replayWindowMs) {
        AuthMode m = AuthMode.parse(MODE_KEY, mode);
        if (graceSeconds < 0) {
            throw new IllegalArgumentException(GRACE_KEY + " must not be negative, got " + graceSeconds);
        }
        if (replayWindowMs <= 0) {
            throw new IllegalArgumentException(REPLAY_WINDOW_KEY + " must be greater than 0, got " + replayWindowMs);
        }
        AuthKey current = key(KEY_KEY, key, KEY_FILE_KEY, keyFile);
        AuthKey other = key(PREVIOUS_KEY_KEY, previousKey, PREVIOUS_KEY_FILE_KEY, previousKeyFile);
        if (m != AuthMode.OFF && current == null) {
            throw new IllegalArgumentException(MODE_KEY + " is " + m.name().toLowerCase(Locale.ROOT) + " but neither "
                    + KEY_KEY + " nor " + KEY_FILE_KEY + " is set");
        }
        if (current == null && other != null) {
            throw new IllegalArgumentException(PREVIOUS_KEY_KEY + " is set without " + KEY_KEY + " or "
                    + KEY_FILE_KEY);
        }
        return new AuthSettings(m, current, other, Duration.ofSeconds(graceSeconds),
                Duration.ofMillis(replayWindowMs));
    }

    public AuthMode mode() {
        return mode;
    }

    public Duration grace() {
        return grace;
    }

    public Duration replayWindow() {
        return replayWindow;
    }

    /** Whether a second key is configured. */
    public boolean hasPreviousKey() {
        return previous != null;
    }

    /**
     * A new authenticator: the second key is accepted for {@link #grace()} from now, and it has its own replay
     * window.
     */
    public DatagramAuthenticator authenticator(Clock clock) {
        return authenticator(clock, new ReplayWindow(replayWindow, ReplayWindow.DEFAULT_CAPACITY));
    }

    /**
     * As {@link #authenticator(Clock)}, remembering accepted datagrams in {@code replays}: the window of the
     * authenticator these settings replace, so that a datagram accepted before a key rotation is not accepted again
     * after it. The window's length is the caller's to match with {@link #replayWindow()}.
     *
     * @since 1.1
     */
    public DatagramAuthenticator authenticator(Clock clock, ReplayWindow replays) {
        if (mode == AuthMode.OFF) {
            return DatagramAuthenticator.off();
        }
        AuthKeys keys = new AuthKeys(key, previous, previous == null ? null : clock.instant().plus(grace));
        return new DatagramAuthenticator(mode, keys, replays, clock);
    }

    /** One line for the log (no secret). */
    public String describe() {
        if (mode == AuthMode.OFF) {
            return "authentication off";
        }
        return "authentication " + mode.name().toLowerCase(Locale.ROOT) + " with key id "
                + String.format("0x%02x", key.id())
                + (previous == null ? "" : String.format(", key id 0x%02x also accepted for %d s", previous.id(),
                        grace.toSeconds()))
                + ", replay window " + replayWindow.toMillis() + " ms";
    }

    private static AuthKey key(String textKey, String text, String fileKey, String file) {
        boolean hasText = text != null && !text.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasText && hasFile) {
            throw new IllegalArgumentException(textKey + " and " + fileKey + " are both set; set one");
        }
        if (hasText) {
            return AuthKey.parse(textKey, text);
        }
        if (hasFile) {
            Path path;
            try {
                path = Path.of(file.strip());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(fileKey + " is not a valid path: '" + file + "'", e);
            }
            return AuthKey.read(fileKey, path);
        }
        return null;
    }

    @Override
    public String toString() {
        return describe();
    }
}
