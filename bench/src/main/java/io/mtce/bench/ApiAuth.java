package io.mtce.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The REST API's credential for the drivers: {@code MTCE_WEB_TOKEN} (bench/lib/container.sh's {@code web_token}
 * reads it from the home), else the admin's secret in {@code HOME/etc/mtce-web-users}, which the web bundle creates
 * on the container's first start. A bearer token needs no CSRF token.
 */
final class ApiAuth {
    static final String USERS_FILE = "etc/mtce-web-users";

    private ApiAuth() {
    }

    /** @param home the container's home, or null when only the environment can say */
    static String authorization(Path home) {
        String token = System.getenv("MTCE_WEB_TOKEN");
        if ((token == null || token.isBlank()) && home != null) {
            try {
                token = Files.readAllLines(home.resolve(USERS_FILE)).stream()
                        .filter(l -> l.startsWith("admin admin ")).map(l -> l.split("\\s+")[2]).findFirst()
                        .orElse(null);
            } catch (IOException e) {
                throw new IllegalStateException("no MTCE_WEB_TOKEN and cannot read " + home.resolve(USERS_FILE), e);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("set MTCE_WEB_TOKEN to an admin's secret of the container's "
                    + USERS_FILE);
        }
        return "Bearer " + token.strip();
    }
}
