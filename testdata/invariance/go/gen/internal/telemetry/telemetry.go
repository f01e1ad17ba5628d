// Package telemetry wires the OpenTelemetry SDK to an in-memory recorder, so the scenarios can print the
// exception.stacktrace the SDK records (trace.WithStackTrace(true): a goroutine dump cut at 2 KiB).
package telemetry

import (
	"context"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// Recorder keeps the spans a TracerProvider ended.
type Recorder struct {
	spans    *tracetest.SpanRecorder
	Provider *sdktrace.TracerProvider
}

// New returns a Recorder with its provider.
func New() *Recorder {
	spans := tracetest.NewSpanRecorder()
	return &Recorder{spans: spans, Provider: sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))}
}

// Tracer returns a tracer of the provider.
func (r *Recorder) Tracer() trace.Tracer { return r.Provider.Tracer("shop") }

// Exception is what the SDK recorded in one exception event.
type Exception struct{ Type, Message, Stack string }

// Exceptions returns the exception events of the ended spans.
func (r *Recorder) Exceptions() []Exception {
	_ = r.Provider.ForceFlush(context.Background())
	var out []Exception
	for _, s := range r.spans.Ended() {
		for _, e := range s.Events() {
			var x Exception
			for _, a := range e.Attributes {
				switch a.Key {
				case "exception.type":
					x.Type = a.Value.AsString()
				case "exception.message":
					x.Message = a.Value.AsString()
				case "exception.stacktrace":
					x.Stack = a.Value.AsString()
				}
			}
			if x.Stack != "" {
				out = append(out, x)
			}
		}
	}
	return out
}
