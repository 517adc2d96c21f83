package io.mtce.alarm;

/** A sink could not answer a query of its active alarms; the message names what was tried and why it failed. */
public class AlarmSinkException extends Exception {
    private static final long serialVersionUID = 1L;

    public AlarmSinkException(String message) {
        super(message);
    }

    public AlarmSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
