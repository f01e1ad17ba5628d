class ShopError(Exception):
    """Base class of the shop's domain errors."""


class OrderNotFound(ShopError):
    pass


class CustomerNotFound(ShopError):
    pass


class PaymentFailed(ShopError):
    pass


class InventoryError(ShopError):
    pass


class ValidationError(ShopError):
    def __init__(self, model, problems):
        lines = [f"{len(problems)} validation errors for {model}"]
        for field, problem in problems:
            lines.append(field)
            lines.append(f"  {problem}")
        super().__init__("\n".join(lines))


class InvoiceError(ShopError):
    pass


class ImportFailed(ShopError):
    pass


class CategoryCycle(ShopError):
    pass
