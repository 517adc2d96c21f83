package io.mtce.web.internal;

/** What a logged-in operator may do: a viewer reads, an admin also locks, unlocks, adds and removes hosts. */
enum OperatorRole {
    NONE, VIEWER, ADMIN;

    String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
