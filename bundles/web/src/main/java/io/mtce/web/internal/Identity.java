package io.mtce.web.internal;

import java.util.Objects;

/** Who a request comes from once authenticated, and the role that decides what it may do. */
record Identity(String user, OperatorRole role) {
    Identity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
    }
}
