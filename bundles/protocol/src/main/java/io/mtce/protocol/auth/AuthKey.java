package io.mtce.protocol.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HMAC-SHA-256 key shared by the nodes of a cluster, and its one-byte id (derived from the key, so it needs no
 * configuration; it only tells a receiver which of its keys to try). Never prints the secret.
 */
public final class AuthKey {
    /** Shortest key accepted; 32 bytes (the hash size) is recommended. */
    public static final int MIN_BYTES = 16;
    /** Longest key file read, in bytes. */
    static final int MAX_FILE_BYTES = 4096;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final int id;
    private final Mac mac;

    private AuthKey(byte[] secret) {
        this.id = idOf(secret);
        try {
            this.mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** @throws IllegalArgumentException when {@code secret} is shorter than {@link #MIN_BYTES} */
    public static AuthKey of(byte[] secret) {
        if (secret == null || secret.length < MIN_BYTES) {
            throw new IllegalArgumentException("an authentication key needs at least " + MIN_BYTES + " bytes");
        }
        return new AuthKey(secret.clone());
    }

    /**
     * Parses a key written as hex or base64, optionally prefixed {@code hex:} or {@code base64:}. Without a prefix,
     * an even number of hex digits is hex, anything else base64.
     *
     * @param configKey the configuration key, named in errors (which never quote the secret)
     */
    public static AuthKey parse(String configKey, String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(configKey + " is blank");
        }
        byte[] secret;
        String lower = t.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("hex:")) {
                secret = HexFormat.of().parseHex(t.substring(4).strip());
            } else if (lower.startsWith("base64:")) {
                secret = Base64.getDecoder().decode(t.substring(7).strip());
            } else if (t.length() % 2 == 0 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                secret = HexFormat.of().parseHex(t);
            } else {
                secret = Base64.getDecoder().decode(t);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configKey + " is neither hex nor base64 (value not shown)");
        }
        if (secret.length < MIN_BYTES) {
            throw new IllegalArgumentException(configKey + " is " + secret.length + " bytes long; an authentication"
                    + " key needs at least " + MIN_BYTES + " (32 recommended)");
        }
        AuthKey key = new AuthKey(secret);
        Arrays.fill(secret, (byte) 0);
        return key;
    }

    /**
     * Reads a key file: one hex or base64 key (see {@link #parse}). The file must be a regular file of at most 4 KiB
     * that neither its group nor others may access (mode 0600 or 0400), as with Corosync's authkey.
     *
     * @param configKey the configuration key that names the file, named in errors
     * @throws IllegalArgumentException when the file is missing, too open, too large or holds no valid key
     */
    public static AuthKey read(String configKey, Path file) {
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException(configKey + " must be an absolute path, got '" + file + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(configKey + " " + file + " is not a regular file");
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            throw new IllegalArgumentException(configKey + " " + file + ": cannot read its permissions (" + e
                    + "); a key file must be on a POSIX file system, mode 0600", e);
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(permissions);
        open.retainAll(GROUP_OR_OTHERS);
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(configKey + " " + file + " is accessible by group or others ("
                    + PosixFilePermissions.toString(permissions) + "); refusing the key: chmod 600 it");
        }
        byte[] raw;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(configKey + " " + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes; it must hold one hex or base64 key");
            }
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(configKey + " " + file + " cannot be read: " + e, e);
        }
        try {
            return parse(configKey + " " + file, new String(raw, StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** 0 to 255: carried in the trailer so that a receiver holding two keys knows which to try. */
    public int id() {
        return id;
    }

    /** HMAC-SHA-256 of {@code length} bytes of {@code data} from {@code offset}. */
    byte[] hmac(byte[] data, int offset, int length) {
        synchronized (mac) {
            mac.update(data, offset, length);
            return mac.doFinal();
        }
    }

    private static int idOf(byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("mtce auth key id".getBytes(StandardCharsets.US_ASCII));
            return sha.digest(secret)[0] & 0xFF;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return String.format("AuthKey[id=0x%02x]", id);
    }
}
