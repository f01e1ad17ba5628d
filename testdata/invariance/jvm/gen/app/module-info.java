// Used for the module-path runs: frames then carry "com.acme.shop@VERSION/" and the automatic modules of
// the library jars ("retrykit@2.3.1/").
module com.acme.shop {
    requires java.sql;
    requires jdk.httpserver;
    requires retrykit;
    requires minirpc;

    opens com.acme.shop.orders;
    exports com.acme.shop.orders;
    exports com.acme.shop.payments;
    exports com.acme.shop.spi;
}
