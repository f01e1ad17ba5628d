<?php

use Acme\Http\Kernel;
use Acme\Http\Request;
use Acme\Http\Router;
use App\Http\Controller\OrderController;
use App\Http\Middleware\RequestLogger;
use App\Repository\OrderRepository;
use App\Service\OrderService;

require dirname(__DIR__) . '/vendor/autoload.php';

function build_kernel(): Kernel
{
    $controller = new OrderController(new OrderService(new OrderRepository()));
    $router = new Router();
    foreach (['show', 'export', 'total', 'history', 'discount', 'share', 'receipt', 'categories', 'summary', 'validate', 'legacy', 'pricing', 'quota'] as $action) {
        $router->get('/orders/' . $action, $controller, $action);
    }

    return new Kernel($router, [new RequestLogger()]);
}

function request_for(string $action): Request
{
    return new Request('GET', '/orders/' . $action, ['id' => '42', 'cents' => '-5', 'percent' => 'ten']);
}
