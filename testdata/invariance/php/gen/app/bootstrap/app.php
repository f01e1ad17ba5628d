<?php

use Acme\Http\Kernel;
use Acme\Http\Router;
use Acme\Json\Decoder;
use App\Http\Controller\OrderController;
use App\Http\Controller\WebhookController;
use App\Http\Middleware\Authenticate;
use App\Http\Middleware\RequestLogger;
use App\Import\OrderImporter;
use App\Repository\OrderRepository;
use App\Service\InvoiceService;
use App\Service\OrderService;

/** Builds the HTTP kernel; $middleware names the middleware stack, outermost first. */
return static function (array $middleware): Kernel {
    $repository = new OrderRepository();
    $controller = new OrderController(new OrderService($repository), new InvoiceService($repository), new OrderImporter(new Decoder()));
    $router = new Router();
    foreach (['show', 'lookup', 'invoice', 'export', 'total', 'history', 'discount', 'share', 'average', 'receipt', 'categories', 'summary', 'validate', 'legacy', 'pricing', 'quota'] as $action) {
        $router->add('GET', '/orders/' . $action, $controller, $action);
    }
    $router->add('POST', '/orders/import', $controller, 'import');
    $router->add('POST', '/webhooks/orders', new WebhookController(new Decoder()), 'receive');

    $available = ['logger' => RequestLogger::class, 'auth' => Authenticate::class];

    return new Kernel($router, array_map(static fn (string $name) => new $available[$name](), $middleware));
};
