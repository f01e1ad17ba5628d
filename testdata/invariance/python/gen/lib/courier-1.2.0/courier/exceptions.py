class CourierError(Exception):
    """Base class of every courier error."""


class ConnectionError(CourierError):
    """The transport could not reach the remote host."""


class HTTPError(CourierError):
    def __init__(self, status, url):
        super().__init__(f"{status} Server Error for url: {url}")
        self.status = status
