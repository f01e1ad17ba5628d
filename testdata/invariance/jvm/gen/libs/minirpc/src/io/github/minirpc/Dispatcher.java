package io.github.minirpc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/** Routes requests to annotated handler methods by reflection. */
public final class Dispatcher {
    private final Map<String, Method> methods = new HashMap<>();
    private final Map<String, Object> handlers = new HashMap<>();

    public void register(Object handler) {
        for (Method m : handler.getClass().getMethods()) {
            Route route = m.getAnnotation(Route.class);
            if (route != null) {
                methods.put(route.value(), m);
                handlers.put(route.value(), handler);
            }
        }
    }

    public Object dispatch(String route, Object payload) throws RpcException {
        Method m = methods.get(route);
        if (m == null) {
            throw new RpcException("no handler for route " + route, null);
        }
        try {
            return m.invoke(handlers.get(route), payload);
        } catch (InvocationTargetException e) {
            throw new RpcException("handler for route " + route + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new RpcException("handler for route " + route + " is not accessible", e);
        }
    }
}
