package harness

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	_ "google.golang.org/grpc/encoding/gzip" // the collector's OTLP exporter compresses with gzip by default
)

// Sink is an OTLP gRPC server on loopback that hands every request it receives to its consumers. It stands
// for the backend the collector exports to, and for a second exporter of an instrumented program.
type Sink struct {
	// Addr is the server's address, host:port.
	Addr string
	srv  *grpc.Server
}

// Consumers are called concurrently, once per export request, with data that is valid only during the
// call: they read it or copy it.
type Consumers struct {
	Traces func(ptrace.Traces)
	Logs   func(plog.Logs)
}

// maxMessageBytes lets a collector batch of any size through: the batch processor sends everything it
// has collected in one request, and gRPC's 4 MiB default would refuse a large one.
const maxMessageBytes = 1 << 30

// StartSink starts an OTLP gRPC server for traces and logs on a free loopback port.
func StartSink(c Consumers) (*Sink, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(maxMessageBytes))
	ptraceotlp.RegisterGRPCServer(srv, &traceServer{consume: c.Traces})
	plogotlp.RegisterGRPCServer(srv, &logServer{consume: c.Logs})
	go func() { _ = srv.Serve(lis) }()
	return &Sink{Addr: lis.Addr().String(), srv: srv}, nil
}

// Stop closes the server.
func (s *Sink) Stop() { s.srv.Stop() }

type traceServer struct {
	ptraceotlp.UnimplementedGRPCServer
	consume func(ptrace.Traces)
}

func (s *traceServer) Export(_ context.Context, req ptraceotlp.ExportRequest) (ptraceotlp.ExportResponse, error) {
	if s.consume != nil {
		s.consume(req.Traces())
	}
	return ptraceotlp.NewExportResponse(), nil
}

type logServer struct {
	plogotlp.UnimplementedGRPCServer
	consume func(plog.Logs)
}

func (s *logServer) Export(_ context.Context, req plogotlp.ExportRequest) (plogotlp.ExportResponse, error) {
	if s.consume != nil {
		s.consume(req.Logs())
	}
	return plogotlp.NewExportResponse(), nil
}

// Recorder keeps everything a sink receives.
type Recorder struct {
	mu     sync.Mutex
	traces ptrace.Traces
	logs   plog.Logs
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder {
	return &Recorder{traces: ptrace.NewTraces(), logs: plog.NewLogs()}
}

// Consumers feed the recorder.
func (r *Recorder) Consumers() Consumers {
	return Consumers{
		Traces: func(td ptrace.Traces) {
			r.mu.Lock()
			defer r.mu.Unlock()
			for i := 0; i < td.ResourceSpans().Len(); i++ {
				td.ResourceSpans().At(i).CopyTo(r.traces.ResourceSpans().AppendEmpty())
			}
		},
		Logs: func(ld plog.Logs) {
			r.mu.Lock()
			defer r.mu.Unlock()
			for i := 0; i < ld.ResourceLogs().Len(); i++ {
				ld.ResourceLogs().At(i).CopyTo(r.logs.ResourceLogs().AppendEmpty())
			}
		},
	}
}

// Traces returns a copy of every span received so far.
func (r *Recorder) Traces() ptrace.Traces {
	r.mu.Lock()
	defer r.mu.Unlock()
	td := ptrace.NewTraces()
	r.traces.CopyTo(td)
	return td
}

// Logs returns a copy of every log record received so far.
func (r *Recorder) Logs() plog.Logs {
	r.mu.Lock()
	defer r.mu.Unlock()
	ld := plog.NewLogs()
	r.logs.CopyTo(ld)
	return ld
}

// Wait waits until the recorder holds at least spans spans and records log records.
func (r *Recorder) Wait(spans, records int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		r.mu.Lock()
		gotSpans, gotRecords := r.traces.SpanCount(), r.logs.LogRecordCount()
		r.mu.Unlock()
		if gotSpans >= spans && gotRecords >= records {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("received %d of %d spans and %d of %d log records within %s",
				gotSpans, spans, gotRecords, records, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
