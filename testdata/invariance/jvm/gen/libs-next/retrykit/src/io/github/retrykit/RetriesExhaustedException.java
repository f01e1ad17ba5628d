package io.github.retrykit;

public class RetriesExhaustedException extends Exception {
    public RetriesExhaustedException(String message, Throwable cause) {
        super(message, cause);
    }
}
