import logging

from .exceptions import ConnectionError, HTTPError

log = logging.getLogger("courier.client")


class Session:
    """Sends JSON requests to one base URL through a transport callable."""

    def __init__(self, base_url, transport, timeout=10.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._transport = transport

    def get(self, path):
        return self._send("GET", self.base_url + path, None)

    def post(self, path, json=None):
        url = self.base_url + path
        return self._send("POST", url, json)

    def _send(self, method, url, body):
        log.debug("%s %s", method, url)
        status, payload = self._send_once(method, url, body)
        if status >= 500:
            raise HTTPError(status, url)
        return payload

    def _send_once(self, method, url, body):
        try:
            return self._transport(method, url, body)
        except OSError as exc:
            raise ConnectionError(f"{method} {url} failed: {exc}") from exc
