"""Traces every courier request handled by a Router (stands in for an OpenTelemetry instrumentation)."""
import functools
import time

SPANS = []


class CourierInstrumentor:
    def instrument(self, router):
        original = router._invoke

        @functools.wraps(original)
        def _traced_invoke(handler, request):
            span = {"name": f"{request.method} {request.path}", "start": time.time_ns()}
            try:
                return original(handler, request)
            except BaseException as exc:
                span["error.type"] = type(exc).__qualname__
                raise
            finally:
                span["end"] = time.time_ns()
                SPANS.append(span)

        router._invoke = _traced_invoke
        return router
