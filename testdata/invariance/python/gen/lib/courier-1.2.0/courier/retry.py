import functools

from .exceptions import ConnectionError


def retry(times=3, on=(ConnectionError,)):
    """Retry the wrapped call when it raises one of `on`."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return fn(*args, **kwargs)
                except on:
                    if attempt == times:
                        raise

        return wrapper

    return decorate
