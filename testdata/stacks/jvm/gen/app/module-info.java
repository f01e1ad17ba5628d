// Used only for the module-path run: frames then carry "com.acme.shop@1.4.0/" and the automatic
// modules of the library jars ("retrykit@2.3.1/").
module com.acme.shop {
    requires java.sql;
    requires retrykit;
    requires minirpc;

    opens com.acme.shop.orders;
    exports com.acme.shop.payments;
}
