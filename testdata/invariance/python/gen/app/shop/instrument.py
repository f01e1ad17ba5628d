import functools
import logging
import time

log = logging.getLogger("shop.timing")


def timed(fn):
    """Logs how long each call of fn takes."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            log.debug("%s took %.3fs", fn.__qualname__, time.perf_counter() - start)

    return wrapper
