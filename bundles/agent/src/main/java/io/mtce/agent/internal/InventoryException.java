package io.mtce.agent.internal;

/** The inventory file cannot be read: its message names the file and the problem. */
final class InventoryException extends Exception {
    private static final long serialVersionUID = 1L;

    InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
