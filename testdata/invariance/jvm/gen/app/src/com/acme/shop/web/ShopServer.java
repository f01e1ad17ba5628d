package com.acme.shop.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The shop's HTTP front end on the JDK's built-in server. How requests reach the handler is deployment
 * configuration: -Dshop.executor=dispatcher (the server's own thread), pool (a thread pool) or virtual
 * (virtual threads, JDK 21+), and -Dshop.filters=N adds N request filters in front of the handler.
 */
public final class ShopServer {
    private final HttpServer server;
    private final ExecutorService executor;

    private ShopServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static ShopServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpContext context = server.createContext("/", new ShopHttpHandler());
        int filters = Integer.getInteger("shop.filters", 0);
        for (int i = 0; i < filters; i++) {
            context.getFilters().add(i % 2 == 0
                    ? Filter.beforeHandler("request-id", exchange -> exchange.setAttribute("request-id", "r"))
                    : Filter.afterHandler("access-log", exchange -> exchange.getResponseCode()));
        }
        ExecutorService executor = switch (System.getProperty("shop.executor", "dispatcher")) {
            case "pool" -> Executors.newFixedThreadPool(2);
            case "virtual" -> virtualThreads();
            default -> null;
        };
        server.setExecutor(executor);
        server.start();
        return new ShopServer(server, executor);
    }

    private static ExecutorService virtualThreads() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21+", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        if (executor != null) {
            executor.shutdown();
        }
    }
}
