// Command goapp is a small Go service instrumented with the OpenTelemetry Go SDK. It raises real errors the
// way a service does, on two requests with different ids: an error recorded with its stack on the handler
// span, a recovered panic reported with Datadog-style error.* attributes and debug.Stack() on the span that
// panicked and again on its parent, an error with a custom fingerprint, a status-only HTTP 500, healthy
// spans, an exception log record and a plain log.
//
// It finds the collector the way any application does, through OTEL_EXPORTER_OTLP_ENDPOINT. When
// E2E_CAPTURE_ENDPOINT is set it also exports everything there, so a test can compare what the SDK sent
// with what the collector forwarded.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"runtime/debug"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploggrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

func main() {
	ctx := context.Background()
	tp, lp, err := providers(ctx)
	if err != nil {
		log.Fatal(err)
	}
	svc := &service{tracer: tp.Tracer("checkout"), logger: lp.Logger("checkout"), orders: map[int]string{1: "book"}}
	for _, id := range []int{42, 977} {
		svc.getOrder(ctx, id)
		svc.orderTotal(ctx, id)
		svc.charge(ctx, id)
		svc.getUser(ctx, id)
		svc.health(ctx)
	}
	if err := errors.Join(tp.Shutdown(ctx), lp.Shutdown(ctx)); err != nil {
		log.Fatal(err)
	}
}

// providers exports to the collector named by the standard OTEL_EXPORTER_OTLP_* variables, and to
// E2E_CAPTURE_ENDPOINT when it is set.
func providers(ctx context.Context) (*sdktrace.TracerProvider, *sdklog.LoggerProvider, error) {
	res, err := resource.New(ctx, resource.WithTelemetrySDK(), resource.WithAttributes(
		attribute.String("service.name", "checkout-go"), attribute.String("deployment.environment.name", "e2e")))
	if err != nil {
		return nil, nil, err
	}
	spanExp, err := otlptracegrpc.New(ctx)
	if err != nil {
		return nil, nil, err
	}
	logExp, err := otlploggrpc.New(ctx)
	if err != nil {
		return nil, nil, err
	}
	topts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res), sdktrace.WithBatcher(spanExp)}
	lopts := []sdklog.LoggerProviderOption{sdklog.WithResource(res), sdklog.WithProcessor(sdklog.NewBatchProcessor(logExp))}
	if capture := os.Getenv("E2E_CAPTURE_ENDPOINT"); capture != "" {
		spanCap, err := otlptracegrpc.New(ctx, otlptracegrpc.WithEndpointURL(capture))
		if err != nil {
			return nil, nil, err
		}
		logCap, err := otlploggrpc.New(ctx, otlploggrpc.WithEndpointURL(capture))
		if err != nil {
			return nil, nil, err
		}
		topts = append(topts, sdktrace.WithBatcher(spanCap))
		lopts = append(lopts, sdklog.WithProcessor(sdklog.NewBatchProcessor(logCap)))
	}
	return sdktrace.NewTracerProvider(topts...), sdklog.NewLoggerProvider(lopts...), nil
}

type service struct {
	tracer trace.Tracer
	logger otellog.Logger
	orders map[int]string
}

var errNotFound = errors.New("order not found")

func (s *service) find(id int) (string, error) {
	if o, ok := s.orders[id]; ok {
		return o, nil
	}
	return "", fmt.Errorf("find order %d: %w", id, errNotFound)
}

// getOrder records the error with the SDK's own stack trace, and logs it as an exception log record.
func (s *service) getOrder(ctx context.Context, id int) {
	ctx, span := s.tracer.Start(ctx, "GET /orders/{id}", trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()
	_, db := s.tracer.Start(ctx, "SELECT orders", trace.WithSpanKind(trace.SpanKindClient))
	db.SetAttributes(attribute.String("db.system.name", "postgresql"))
	db.End()
	if _, err := s.find(id); err != nil {
		span.RecordError(err, trace.WithStackTrace(true))
		span.SetStatus(codes.Error, err.Error())

		var rec otellog.Record
		rec.SetEventName("exception")
		rec.SetSeverity(otellog.SeverityError)
		rec.SetBody(attribute.StringValue("order lookup failed"))
		rec.AddAttributes(attribute.String("exception.stacktrace", string(debug.Stack())))
		rec.SetErr(err) // the SDK writes exception.type and exception.message
		s.logger.Emit(ctx, rec)
	}
	var served otellog.Record
	served.SetSeverity(otellog.SeverityInfo)
	served.SetBody(attribute.StringValue(fmt.Sprintf("served order %d", id)))
	s.logger.Emit(ctx, served)
}

// panicError is a recovered panic with the stack of the goroutine that panicked.
type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprint(e.value) }

// setErrorAttributes reports err the way Datadog tracers do.
func setErrorAttributes(span trace.Span, err *panicError) {
	span.SetAttributes(attribute.String("error.type", fmt.Sprintf("%T", err.value)),
		attribute.String("error.message", err.Error()), attribute.String("error.stack", string(err.stack)))
	span.SetStatus(codes.Error, "")
}

// orderTotal panics for real (index out of range) in a child span; the handler reports the same error
// again, as tracers do on every span an error passes through.
func (s *service) orderTotal(ctx context.Context, id int) {
	ctx, span := s.tracer.Start(ctx, "POST /orders/{id}/total", trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()
	if err := s.total(ctx, id); err != nil {
		setErrorAttributes(span, err)
	}
}

func (s *service) total(ctx context.Context, id int) (perr *panicError) {
	_, span := s.tracer.Start(ctx, "orders.total")
	defer span.End()
	defer func() {
		if r := recover(); r != nil {
			perr = &panicError{value: r, stack: debug.Stack()}
			setErrorAttributes(span, perr)
		}
	}()
	var lines []int
	_ = lines[id]
	return nil
}

// charge times out for real and carries a custom fingerprint: every payment timeout is one issue.
func (s *service) charge(ctx context.Context, id int) {
	_, span := s.tracer.Start(ctx, "charge", trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	tctx, cancel := context.WithTimeout(ctx, time.Millisecond)
	defer cancel()
	<-tctx.Done()
	err := fmt.Errorf("charge order %d: %w", id, tctx.Err())
	span.SetAttributes(attribute.String("error.type", fmt.Sprintf("%T", errors.Unwrap(err))),
		attribute.String("error.message", err.Error()), attribute.String("error.fingerprint", "payment-timeout"))
	span.SetStatus(codes.Error, "")
}

// getUser fails with a bare HTTP status, as OpenTelemetry HTTP instrumentations report it.
func (s *service) getUser(ctx context.Context, id int) {
	_, span := s.tracer.Start(ctx, "GET /users/{id}", trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()
	span.SetAttributes(attribute.Int("user.id", id), attribute.String("error.type", "500"),
		attribute.Int("http.response.status_code", 500))
	span.SetStatus(codes.Error, "")
}

func (s *service) health(ctx context.Context) {
	_, span := s.tracer.Start(ctx, "GET /health", trace.WithSpanKind(trace.SpanKindServer))
	span.SetAttributes(attribute.Int("http.response.status_code", 200))
	span.End()
}
