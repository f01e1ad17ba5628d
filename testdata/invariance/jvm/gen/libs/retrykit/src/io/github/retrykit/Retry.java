package io.github.retrykit;

import java.util.concurrent.Callable;

/** Runs an action again when it throws, up to a fixed number of attempts. */
public final class Retry {
    private final int attempts;

    private Retry(int attempts) {
        this.attempts = attempts;
    }

    public static Retry times(int attempts) {
        return new Retry(attempts);
    }

    public <T> T call(Callable<T> action) throws Exception {
        Exception last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return action.call();
            } catch (Exception e) {
                last = e;
            }
        }
        throw last;
    }
}
