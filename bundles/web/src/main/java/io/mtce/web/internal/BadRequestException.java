package io.mtce.web.internal;

/** A request body that cannot be used; the message says what is wrong with it, for the 400 reply. */
final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }

    BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
