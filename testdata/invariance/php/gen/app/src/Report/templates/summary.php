Order summary
Total: <?= $order->total() ?>
