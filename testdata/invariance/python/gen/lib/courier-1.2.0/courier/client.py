from .exceptions import ConnectionError, HTTPError


class Session:
    def __init__(self, base_url, transport):
        self.base_url = base_url.rstrip("/")
        self._transport = transport

    def post(self, path, json=None):
        url = self.base_url + path
        return self._send("POST", url, json)

    def _send(self, method, url, body):
        try:
            status, payload = self._transport(method, url, body)
        except OSError as exc:
            raise ConnectionError(f"{method} {url} failed: {exc}") from exc
        if status >= 500:
            raise HTTPError(status, url)
        return payload
