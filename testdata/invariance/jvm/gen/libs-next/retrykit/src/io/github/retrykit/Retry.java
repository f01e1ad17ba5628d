package io.github.retrykit;

import java.util.concurrent.Callable;

/**
 * Runs an action again when it throws, up to a fixed number of attempts.
 *
 * @since 2.4.0 attempts go through {@link #attempt}, which records the attempt number.
 */
public final class Retry {
    private final int attempts;
    private int attempt;

    private Retry(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be positive");
        }
        this.attempts = attempts;
    }

    public static Retry times(int attempts) {
        return new Retry(attempts);
    }

    public <T> T call(Callable<T> action) throws Exception {
        Exception last = null;
        for (attempt = 1; attempt <= attempts; attempt++) {
            try {
                return attempt(action);
            } catch (Exception e) {
                last = e;
            }
        }
        throw last;
    }

    private <T> T attempt(Callable<T> action) throws Exception {
        return action.call();
    }
}
