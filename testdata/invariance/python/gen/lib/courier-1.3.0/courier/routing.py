class Request:
    def __init__(self, method, path, params=None, body=None, headers=None):
        self.method = method
        self.path = path
        self.params = params or {}
        self.body = body
        self.headers = headers or {}


class Router:
    """Maps (method, path) to handlers; runs before-request hooks and middleware around each call."""

    def __init__(self):
        self._routes = {}
        self._before = []
        self._middleware = []

    def route(self, method, path):
        def register(handler):
            self._routes[(method, path)] = handler
            return handler

        return register

    def before_request(self, hook):
        self._before.append(hook)
        return hook

    def use(self, middleware):
        self._middleware.append(middleware)
        return middleware

    def dispatch(self, request):
        handler = self._routes[(request.method, request.path)]
        return self._handle(handler, request)

    def _handle(self, handler, request):
        call = self._invoke
        for middleware in reversed(self._middleware):
            call = middleware(call)
        return call(handler, request)

    def _invoke(self, handler, request):
        for hook in self._before:
            hook(request)
        return handler(request)
