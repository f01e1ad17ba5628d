package com.acme.shop.diagnostics;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records errors the way a tracer does: the stack trace as printed by printStackTrace, plus error.type (the
 * class name) and error.message. With -Dshop.rehydrate=true the stack elements are first rebuilt the way a
 * remote collector does, which prints class loader and module prefixes.
 */
public final class ErrorReporter {
    private static volatile Path target;

    private ErrorReporter() {
    }

    public static void target(Path base) {
        target = base;
    }

    public static void report(Throwable t) {
        if (Boolean.getBoolean("shop.rehydrate")) {
            TraceExport.rehydrate(t);
        }
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        write(t, trace.toString());
    }

    /** What the JVM prints for an exception that ends a thread. */
    public static void uncaught(Thread thread, Throwable t) {
        StringWriter trace = new StringWriter();
        trace.write("Exception in thread \"" + thread.getName() + "\" ");
        t.printStackTrace(new PrintWriter(trace));
        write(t, trace.toString());
    }

    private static void write(Throwable t, String trace) {
        Path base = target;
        String message = t.getMessage() == null ? "" : t.getMessage();
        try {
            Files.writeString(base.resolveSibling(base.getFileName() + ".txt"), trace);
            Files.writeString(base.resolveSibling(base.getFileName() + ".json"),
                    "{\"type\": " + json(t.getClass().getName()) + ", \"message\": " + json(message) + "}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void checkAllReported(Path dir, int expected) throws IOException {
        try (var files = Files.list(dir)) {
            long n = files.filter(p -> p.toString().endsWith(".json")).count();
            if (n < expected) {
                throw new IllegalStateException("only " + n + " of " + expected + " scenarios reported an error");
            }
        }
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
