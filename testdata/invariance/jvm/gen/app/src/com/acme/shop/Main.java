package com.acme.shop;

import com.acme.shop.diagnostics.ErrorReporter;
import com.acme.shop.orders.FulfilmentService;
import com.acme.shop.orders.LineItem;
import com.acme.shop.orders.Order;
import com.acme.shop.web.Query;
import com.acme.shop.web.ShopServer;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs failure scenarios and writes each error as a tracer records it: OUT/NAME.txt holds the stack trace,
 * OUT/NAME.json the error type and message. Arguments: OUT, then NAME=/http/path?query for a request to the
 * shop's HTTP server, or NAME=!job?query for a background job. Requests run one at a time.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        ShopServer server = null;
        try {
            for (int i = 1; i < args.length; i++) {
                int eq = args[i].indexOf('=');
                String name = args[i].substring(0, eq);
                String target = args[i].substring(eq + 1);
                ErrorReporter.target(out.resolve(name));
                if (target.startsWith("!")) {
                    job(target.substring(1));
                    continue;
                }
                if (server == null) {
                    server = ShopServer.start();
                }
                request(server, target);
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
        ErrorReporter.checkAllReported(out, args.length - 1);
    }

    /** Sends warm-up requests first when asked ("warm=N"), so that the JVM has inflated reflective calls. */
    private static void request(ShopServer server, String target) throws Exception {
        Map<String, String> query = Query.parse(target);
        int warm = Integer.parseInt(query.getOrDefault("warm", "0"));
        for (int i = 1; i <= warm; i++) {
            get(server, target.substring(0, target.indexOf('?')) + "?id=" + i, 200);
        }
        get(server, target, 500);
    }

    private static void get(ShopServer server, String target, int expected) throws Exception {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + target).openConnection();
        int status = c.getResponseCode();
        c.disconnect();
        if (status != expected) {
            throw new IllegalStateException(target + " answered " + status + ", expected " + expected);
        }
    }

    private static void job(String target) throws Exception {
        Map<String, String> query = Query.parse(target);
        String job = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        switch (job) {
            case "ship" -> {
                int items = Integer.parseInt(query.get("items"));
                Order order = new Order(Long.parseLong(query.get("id")), "C-88",
                        List.of(new LineItem("ABC-123", items, 1999)), null);
                List<Thread> threads = new ArrayList<>();
                ExecutorService workers = Executors.newFixedThreadPool(1,
                        named(query.get("thread"), Integer.parseInt(query.get("worker")), threads));
                FulfilmentService fulfilment = new FulfilmentService();
                workers.execute(() -> fulfilment.ship(order));
                workers.shutdown();
                workers.awaitTermination(10, TimeUnit.SECONDS);
                // The pool counts a worker as gone before its uncaught-exception handler has run.
                for (Thread t : threads) {
                    t.join();
                }
            }
            default -> throw new IllegalArgumentException("unknown job " + job);
        }
    }

    /** Worker threads whose uncaught exceptions are reported, as an agent's handler would. */
    private static java.util.concurrent.ThreadFactory named(String prefix, int first, List<Thread> created) {
        AtomicInteger n = new AtomicInteger(first - 1);
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setUncaughtExceptionHandler(ErrorReporter::uncaught);
            created.add(t);
            return t;
        };
    }
}
