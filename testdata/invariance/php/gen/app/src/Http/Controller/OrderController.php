<?php

namespace App\Http\Controller;

use Acme\Http\Request;
use App\Catalog\CategoryTree;
use App\Exception\HttpException;
use App\Exception\StorageException;
use App\Import\OrderImporter;
use App\Pricing\RuleEngine;
use App\Report\BasketReport;
use App\Report\Renderer;
use App\Service\InvoiceService;
use App\Service\OrderService;
use App\Support\Money;

final class OrderController
{
    public function __construct(
        private OrderService $orders,
        private InvoiceService $invoices,
        private OrderImporter $importer,
    ) {
    }

    public function show(Request $request): string
    {
        $order = $this->orders->find((int) $request->query['id']);

        return json_encode($order);
    }

    public function lookup(Request $request): string
    {
        return json_encode($this->orders->findByReference($request->query['ref']));
    }

    public function invoice(Request $request): string
    {
        return $this->invoices->render((int) $request->query['id']);
    }

    public function export(Request $request): string
    {
        return implode("\n", $this->orders->exportLines(isset($request->query['strict'])));
    }

    public function total(Request $request): string
    {
        return (string) Money::fromCents((int) $request->query['cents']);
    }

    public function history(Request $request): string
    {
        try {
            return json_encode($this->orders->history((int) $request->query['id']));
        } catch (StorageException $e) {
            throw new HttpException(sprintf('Internal error while handling %s %s', $request->method, $request->path), 500, $e);
        }
    }

    public function discount(Request $request): string
    {
        return (string) $this->orders->applyDiscount($request->query['percent']);
    }

    public function share(Request $request): string
    {
        return (string) Money::share(100, count($request->query['lines'] ?? []));
    }

    public function average(Request $request): string
    {
        return (string) (new BasketReport())->averageBasket($request->query['totals'] ?? []);
    }

    public function receipt(Request $request): string
    {
        $formatter = new class {
            public function format(array $order): string
            {
                if (!isset($order['lines'])) {
                    throw new \LogicException('Order has no lines to format');
                }

                return implode(', ', $order['lines']);
            }
        };

        return $formatter->format(['id' => (int) $request->query['id']]);
    }

    public function categories(Request $request): string
    {
        $tree = new CategoryTree((int) ($request->query['max'] ?? 4));

        return $tree->path(CategoryTree::chain(12), 'poetry');
    }

    public function summary(Request $request): string
    {
        return (new Renderer())->render('summary', ['order' => null]);
    }

    public function validate(Request $request): string
    {
        throw new \InvalidArgumentException(sprintf("Validation failed for order %d:\n- email: must not be blank\n- quantity: must be positive", $request->query['id'] ?? 0));
    }

    public function legacy(Request $request): string
    {
        throw new \LogicException();
    }

    public function pricing(Request $request): string
    {
        return (string) (new RuleEngine())->evaluate(sprintf('apply_coupon($order, "%s")', $request->query['coupon'] ?? 'SPRING'), ['id' => 42]);
    }

    public function quota(Request $request): string
    {
        throw new class(sprintf('Quota of %d requests per minute exceeded', $request->query['limit'] ?? 100)) extends \RuntimeException {
        };
    }

    public function import(Request $request): string
    {
        return sprintf('imported %d orders', count($this->importer->import($request->body)));
    }
}
