package io.mtce.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The container's operators: a file of lines {@code NAME ROLE SECRET} (role {@code admin} or {@code viewer};
 * {@code #} starts a comment), which only its owner (root, or the user running the container) may read or write.
 * A group- or world-accessible file is refused as a whole: nobody can log in until it is {@code chmod 600}. The file
 * is read again whenever its modification time or size changes, so users are added or removed without a restart.
 */
final class UsersFile implements Authenticator {
    static final int SECRET_MIN = 16;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private record User(String name, OperatorRole role, byte[] secret) {
    }

    /** What the file held at one (modification time, size); {@code problem} set when it cannot be used. */
    private record Loaded(FileTime modified, long size, Map<String, User> users, String problem) {
    }

    private final Path path;
    private Loaded loaded;

    UsersFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    Path path() {
        return path;
    }

    /**
     * Creates the file with one admin and a random secret, readable by its owner only, unless it exists.
     *
     * @return whether it was created
     */
    boolean createIfMissing(SecureRandom random) throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createDirectories(path.getParent());
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.writeString(path, "# mtce web operators: NAME ROLE SECRET (role admin or viewer), one a line.\n"
                + "# Keep this file mode 600; the secret is a password (login page, HTTP Basic) and a bearer token.\n"
                + "admin admin " + secret + "\n", StandardCharsets.UTF_8);
        return true;
    }

    @Override
    public Optional<Identity> password(String user, String secret) {
        Loaded now = current();
        User u = now.users().get(user);
        return u != null && same(u.secret(), secret) ? Optional.of(new Identity(u.name(), u.role())) : Optional.empty();
    }

    @Override
    public Optional<Identity> bearer(String token) {
        for (User u : current().users().values()) {
            if (same(u.secret(), token)) {
                return Optional.of(new Identity(u.name(), u.role()));
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.ofNullable(current().problem());
    }

    private static boolean same(byte[] secret, String offered) {
        return offered != null && MessageDigest.isEqual(secret, offered.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized Loaded current() {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return refuse(null, 0, "the users file " + path + " does not exist; create it (mode 600) with lines"
                    + " 'NAME ROLE SECRET'");
        } catch (IOException | UnsupportedOperationException e) {
            return refuse(null, 0, "cannot read the users file " + path + ": " + e);
        }
        // Checked on every request: chmod does not change the modification time.
        String problem = unsafe(a);
        if (problem != null) {
            return refuse(null, 0, problem);
        }
        if (loaded != null && a.lastModifiedTime().equals(loaded.modified()) && a.size() == loaded.size()) {
            return loaded;
        }
        try {
            loaded = new Loaded(a.lastModifiedTime(), a.size(), parse(Files.readAllLines(path,
                    StandardCharsets.UTF_8)), null);
        } catch (IOException e) {
            return refuse(null, 0, "cannot read the users file " + path + ": " + e);
        } catch (IllegalArgumentException e) {
            return refuse(a.lastModifiedTime(), a.size(), e.getMessage());
        }
        return loaded;
    }

    private Loaded refuse(FileTime modified, long size, String problem) {
        loaded = new Loaded(modified, size, Map.of(), problem);
        return loaded;
    }

    private String unsafe(PosixFileAttributes a) {
        if (!a.isRegularFile()) {
            return "the users file " + path + " is not a regular file (a symbolic link or a directory); nobody can"
                    + " log in until it is one";
        }
        Set<PosixFilePermission> extra = EnumSet.copyOf(a.permissions());
        extra.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (!extra.isEmpty()) {
            return "refusing to use the users file " + path + ": its mode is "
                    + PosixFilePermissions.toString(a.permissions()) + ", so other users than its owner can read or"
                    + " change the secrets; run: chmod 600 " + path;
        }
        String owner = a.owner().getName();
        String me = System.getProperty("user.name");
        if (!owner.equals("root") && !owner.equals(me)) {
            return "refusing to use the users file " + path + ": it belongs to '" + owner + "', neither root nor"
                    + " the user running mtce ('" + me + "'); run: chown " + me + " " + path;
        }
        return null;
    }

    private Map<String, User> parse(List<String> lines) {
        Map<String, User> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = path + " line " + (i + 1);
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException(where + ": expected 'NAME ROLE SECRET', got " + f.length
                        + " fields");
            }
            OperatorRole role = switch (f[1].toLowerCase(Locale.ROOT)) {
                case "admin" -> OperatorRole.ADMIN;
                case "viewer" -> OperatorRole.VIEWER;
                default -> throw new IllegalArgumentException(where + ": role must be admin or viewer, got '"
                        + f[1] + "'");
            };
            if (f[2].length() < SECRET_MIN) {
                throw new IllegalArgumentException(where + ": the secret of '" + f[0] + "' is shorter than "
                        + SECRET_MIN + " characters");
            }
            if (users.put(f[0], new User(f[0], role, f[2].getBytes(StandardCharsets.UTF_8))) != null) {
                throw new IllegalArgumentException(where + ": user '" + f[0] + "' is listed twice");
            }
        }
        return Map.copyOf(users);
    }
}
