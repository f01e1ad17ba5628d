package com.acme.shop.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

public final class Query {
    private Query() {
    }

    public static Map<String, String> parse(String target) {
        Map<String, String> params = new HashMap<>();
        int q = target.indexOf('?');
        if (q < 0) {
            return params;
        }
        for (String pair : target.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
