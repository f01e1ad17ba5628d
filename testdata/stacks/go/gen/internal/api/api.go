// Package api is the HTTP layer of the sample shop service.
package api

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"

	"github.com/acme/shop/internal/diag"
	"github.com/acme/shop/internal/orders"
)

// OrderHandler serves GET /orders/{id}/quote.
type OrderHandler struct {
	Svc  *orders.Service
	Span *diag.Span
	OTel bool
}

func (h *OrderHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	prices, err := h.Svc.Quote(id)
	if err != nil {
		h.Span.RecordError(err, h.OTel)
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	fmt.Fprintln(w, prices)
}

// Routes mounts the handlers.
func Routes(h http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /orders/{id}/quote", h)
	return mux
}

// Recoverer turns panics into 500s and reports the stack, as most routers' recovery middleware does.
func Recoverer(next http.Handler, report func(rec any, stack []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				report(rec, debug.Stack())
				w.WriteHeader(http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Annotate re-panics with the request added to the panic value.
func Annotate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				panic(fmt.Errorf("%s %s: %v", r.Method, r.URL.Path, rec))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Rethrow counts panics and re-panics the same value.
func Rethrow(next http.Handler, count *int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if rec := recover(); rec != nil {
				*count++
				panic(rec)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
