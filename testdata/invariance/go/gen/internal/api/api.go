// Package api is the HTTP layer of the sample shop service.
package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/trace"

	"github.com/acme/shop/internal/diag"
	"github.com/acme/shop/internal/orders"
)

// OrderHandler serves GET /orders/{id}/quote.
type OrderHandler struct {
	Svc *orders.Service
	// Span receives errors the dd-trace-go way; without it they go to the OpenTelemetry span of the request.
	Span *diag.Span
}

func (h *OrderHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	prices, err := h.Svc.Quote(id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	fmt.Fprintln(w, prices)
}

// CheckoutHandler serves POST /orders/{id}/checkout.
type CheckoutHandler struct {
	Svc  *orders.Service
	Span *diag.Span
}

func (h *CheckoutHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h.Svc.Checkout(pathID(r)); err != nil {
		h.Span.RecordError(err)
		http.Error(w, err.Error(), http.StatusNotFound)
	}
}

func (h *OrderHandler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if h.Span != nil {
		h.Span.RecordError(err)
	} else {
		trace.SpanFromContext(r.Context()).RecordError(err, trace.WithStackTrace(true))
	}
	http.Error(w, err.Error(), http.StatusNotFound)
}

// pathID reads the {id} of /orders/{id}/..., whichever router matched.
func pathID(r *http.Request) int {
	parts := strings.Split(r.URL.Path, "/")
	if len(parts) < 3 {
		return 0
	}
	id, _ := strconv.Atoi(parts[2])
	return id
}

// Routes mounts the handlers on the standard library's mux.
func Routes(quote, checkout http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /orders/{id}/quote", quote)
	mux.Handle("POST /orders/{id}/checkout", checkout)
	return mux
}

// ChiRoutes mounts the same handlers on chi, behind its request-id and real-ip middleware.
func ChiRoutes(quote, checkout http.Handler) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID, middleware.RealIP)
	r.Method(http.MethodGet, "/orders/{id}/quote", quote)
	r.Method(http.MethodPost, "/orders/{id}/checkout", checkout)
	return r
}

// Traced wraps h in OpenTelemetry's HTTP instrumentation.
func Traced(h http.Handler, provider trace.TracerProvider) http.Handler {
	return otelhttp.NewHandler(h, "shop", otelhttp.WithTracerProvider(provider))
}
