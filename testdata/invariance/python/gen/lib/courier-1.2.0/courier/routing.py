class Request:
    def __init__(self, method, path, params=None, body=None):
        self.method = method
        self.path = path
        self.params = params or {}
        self.body = body


class Router:
    def __init__(self):
        self._routes = {}
        self._before = []

    def route(self, method, path):
        def register(handler):
            self._routes[(method, path)] = handler
            return handler

        return register

    def before_request(self, hook):
        self._before.append(hook)
        return hook

    def dispatch(self, request):
        handler = self._routes[(request.method, request.path)]
        return self._invoke(handler, request)

    def _invoke(self, handler, request):
        for hook in self._before:
            hook(request)
        return handler(request)
