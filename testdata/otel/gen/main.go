// Command gen records real errors with the OpenTelemetry Go SDK, exports them over OTLP gRPC to a server of
// its own, and writes what arrived as OTLP JSON: the fixtures the processor's OpenTelemetry-native tests feed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

type sink struct {
	ptraceotlp.UnimplementedGRPCServer
	mu     sync.Mutex
	traces ptrace.Traces
}

func (s *sink) Export(_ context.Context, req ptraceotlp.ExportRequest) (ptraceotlp.ExportResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req.Traces().ResourceSpans().MoveAndAppendTo(s.traces.ResourceSpans())
	return ptraceotlp.NewExportResponse(), nil
}

type logSink struct {
	plogotlp.UnimplementedGRPCServer
	mu   sync.Mutex
	logs plog.Logs
}

func (s *logSink) Export(_ context.Context, req plogotlp.ExportRequest) (plogotlp.ExportResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req.Logs().ResourceLogs().MoveAndAppendTo(s.logs.ResourceLogs())
	return plogotlp.NewExportResponse(), nil
}

var errNotFound = errors.New("order not found")

type orderStore struct{ orders map[int]string }

func (s *orderStore) find(id int) (string, error) {
	if o, ok := s.orders[id]; ok {
		return o, nil
	}
	return "", fmt.Errorf("find order %d: %w", id, errNotFound)
}

func (s *orderStore) total(id int) (total int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic computing total of order %d: %v\n%s", id, r, debug.Stack())
		}
	}()
	var lines []int
	return lines[id], nil // index out of range: a real runtime panic
}

func main() {
	out := flag.String("out", "..", "directory for the JSON fixtures")
	flag.Parse()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	traces := &sink{traces: ptrace.NewTraces()}
	logs := &logSink{logs: plog.NewLogs()}
	srv := grpc.NewServer()
	ptraceotlp.RegisterGRPCServer(srv, traces)
	plogotlp.RegisterGRPCServer(srv, logs)
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()

	ctx := context.Background()
	res := resource.NewWithAttributes("", attribute.String("service.name", "orders"),
		attribute.String("telemetry.sdk.language", "go"))
	texp, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpoint(lis.Addr().String()), otlptracegrpc.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithSyncer(texp))
	lexp, err := otlploggrpc.New(ctx, otlploggrpc.WithEndpoint(lis.Addr().String()), otlploggrpc.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	lp := sdklog.NewLoggerProvider(sdklog.WithResource(res), sdklog.WithProcessor(sdklog.NewSimpleProcessor(lexp)))

	record(ctx, tp.Tracer("shop"), lp.Logger("shop"))
	if err := tp.Shutdown(ctx); err != nil {
		log.Fatal(err)
	}
	if err := lp.Shutdown(ctx); err != nil {
		log.Fatal(err)
	}
	write(filepath.Join(*out, "go_sdk_traces.json"), func() ([]byte, error) { return (&ptrace.JSONMarshaler{}).MarshalTraces(traces.traces) })
	write(filepath.Join(*out, "go_sdk_logs.json"), func() ([]byte, error) { return (&plog.JSONMarshaler{}).MarshalLogs(logs.logs) })
}

// record produces every shape of error the processor's tests need, twice over with different ids, the way
// an instrumented service would on two requests.
func record(ctx context.Context, tracer trace.Tracer, logger otellog.Logger) {
	store := &orderStore{orders: map[int]string{1: "book"}}
	for _, id := range []int{42, 977} {
		// An exception event with a stack trace on a handler span whose child call failed.
		ctx1, span := tracer.Start(ctx, "GET /orders/{id}")
		if _, err := store.find(id); err != nil {
			span.RecordError(err, trace.WithStackTrace(true))
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
		_ = ctx1

		// A handled exception, then the one that escaped: two events on one span.
		_, span = tracer.Start(ctx, "POST /orders/{id}/total")
		_, err := store.find(id)
		span.RecordError(err, trace.WithAttributes(attribute.Bool("exception.escaped", false)))
		if _, err := store.total(id); err != nil {
			span.RecordError(err, trace.WithStackTrace(true), trace.WithAttributes(attribute.Bool("exception.escaped", true)))
			span.SetStatus(codes.Error, "total failed")
		}
		span.End()

		// Status-only HTTP failures: semantic conventions set error.type to the status code.
		for _, route := range []string{"GET /users/{id}", "DELETE /carts/{id}"} {
			_, span = tracer.Start(ctx, route, trace.WithSpanKind(trace.SpanKindServer))
			span.SetAttributes(attribute.String("error.type", "500"), attribute.Int("http.response.status_code", 500))
			span.SetStatus(codes.Error, "")
			span.End()
		}

		// Datadog-style attributes with a custom fingerprint, and a healthy span.
		_, span = tracer.Start(ctx, "charge")
		span.SetAttributes(attribute.String("error.type", "*stripe.Error"),
			attribute.String("error.message", fmt.Sprintf("request req_%d timed out", id)),
			attribute.String("error.fingerprint", "stripe-timeout"))
		span.SetStatus(codes.Error, "")
		span.End()
		_, span = tracer.Start(ctx, "GET /health")
		span.End()

		// Exception log records (the semantic conventions' new home for exceptions) and a plain log.
		_, err = store.find(id)
		var rec otellog.Record
		rec.SetEventName("exception")
		rec.SetSeverity(otellog.SeverityError)
		rec.SetBody(attribute.StringValue("order lookup failed"))
		rec.AddAttributes(attribute.String("exception.stacktrace", string(debug.Stack())))
		rec.SetErr(err) // the SDK turns the error into exception.type and exception.message
		logger.Emit(ctx, rec)
		var plain otellog.Record
		plain.SetSeverity(otellog.SeverityInfo)
		plain.SetBody(attribute.StringValue(fmt.Sprintf("served order %d", id)))
		logger.Emit(ctx, plain)
	}
}

func write(path string, marshal func() ([]byte, error)) {
	b, err := marshal()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		log.Fatal(err)
	}
}
