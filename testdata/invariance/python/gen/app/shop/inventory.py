import asyncio

from shop.errors import InventoryError

STOCK = {"eu-west": {"SKU-1": 4}, "us-east": {}}


async def fetch_stock(warehouse, sku):
    await asyncio.sleep(0)
    try:
        levels = STOCK[warehouse]
    except KeyError:
        raise InventoryError(f"warehouse {warehouse} is not configured")
    if sku not in levels:
        raise InventoryError(f"{sku} unknown in {warehouse}")
    return levels[sku]


async def sync_inventory(warehouse, skus):
    counts = []
    for sku in skus:
        counts.append(await fetch_stock(warehouse, sku))
    return counts


async def sync_warehouse(warehouse, skus):
    async with asyncio.TaskGroup() as group:
        for sku in skus:
            group.create_task(fetch_stock(warehouse, sku))


async def sync_all(plan):
    async with asyncio.TaskGroup() as group:
        for warehouse, skus in plan.items():
            group.create_task(sync_warehouse(warehouse, skus))


def run_sync(warehouse, skus):
    return asyncio.run(sync_inventory(warehouse, skus))


def run_sync_all(plan):
    asyncio.run(sync_all(plan))
