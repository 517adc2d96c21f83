package io.mtce.transport.internal;

/** A configuration value that can never work; the message starts with the offending key. */
public final class InvalidConfigurationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;

    public InvalidConfigurationException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The configuration key at fault, e.g. {@code rx.port}. */
    public String key() {
        return key;
    }
}
