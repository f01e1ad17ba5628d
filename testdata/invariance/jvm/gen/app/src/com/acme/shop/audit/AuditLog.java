package com.acme.shop.audit;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Buffers audit records and flushes them on close. */
public final class AuditLog implements AutoCloseable {
    private final String name;
    private int pending;

    private AuditLog(String name) {
        this.name = name;
    }

    public static AuditLog open(String name) {
        return new AuditLog(name);
    }

    public void record(String event) {
        pending++;
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + name + " lost " + pending + " records", e);
        }
    }

    private void flush() throws IOException {
        throw new IOException("No space left on device");
    }
}
