import functools
import time

from .exceptions import ConnectionError


def _backoff(attempt, base):
    return base * (2 ** (attempt - 1))


def retry(times=3, on=(ConnectionError,), backoff=0.0):
    """Retry the wrapped call when it raises one of `on`, sleeping `backoff` seconds, doubled each time."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            attempt = 1
            while True:
                try:
                    return fn(*args, **kwargs)
                except on:
                    if attempt >= times:
                        raise
                    time.sleep(_backoff(attempt, backoff))
                    attempt += 1

        return wrapper

    return decorate
