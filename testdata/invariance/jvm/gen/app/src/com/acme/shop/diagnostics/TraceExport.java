package com.acme.shop.diagnostics;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Rebuilds the stack elements of a throwable the way a remote error collector does after receiving them:
 * the elements keep their class loader, module and module version but lose the JDK's private format bits,
 * so toString prints every part ("app//", "java.base@17.0.x/").
 */
public final class TraceExport {
    private TraceExport() {
    }

    public static Throwable rehydrate(Throwable t) {
        rehydrate(t, Collections.newSetFromMap(new IdentityHashMap<>()));
        return t;
    }

    private static void rehydrate(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        StackTraceElement[] in = t.getStackTrace();
        StackTraceElement[] out = new StackTraceElement[in.length];
        for (int i = 0; i < in.length; i++) {
            StackTraceElement e = in[i];
            out[i] = new StackTraceElement(e.getClassLoaderName(), e.getModuleName(), e.getModuleVersion(),
                    e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
        }
        t.setStackTrace(out);
        for (Throwable s : t.getSuppressed()) {
            rehydrate(s, seen);
        }
        rehydrate(t.getCause(), seen);
    }
}
