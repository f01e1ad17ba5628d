// Command errorgrouping-example sends a bundle of real error spans to a collector over OTLP, receives what the
// collector exports on an OTLP gRPC server of its own, and prints the issues the errorgrouping processor
// formed. It exits non-zero when a span is lost or an error span comes back without an issue id.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	_ "google.golang.org/grpc/encoding/gzip" // the collector's OTLP exporter compresses with gzip by default
)

// manifest lists the errors to send. Paths are relative to the manifest's directory.
type manifest struct {
	Errors []errorSpec `json:"errors"`
	// Healthy is how many spans without errors to mix in.
	Healthy int `json:"healthy"`
}

type errorSpec struct {
	Service  string `json:"service"`
	Language string `json:"language"` // telemetry.sdk.language
	Span     string `json:"span"`
	Type     string `json:"type"`
	// Message may contain {n}: each occurrence gets another number, as real messages carry ids.
	Message     string `json:"message"`
	StackFile   string `json:"stack_file"`
	Fingerprint string `json:"fingerprint"`
	// AsEvent sends the error as an OpenTelemetry exception event instead of error.* attributes.
	AsEvent bool `json:"as_event"`
	Count   int  `json:"count"`
}

func main() {
	collector := flag.String("collector", "127.0.0.1:4317", "OTLP gRPC endpoint of the collector")
	listen := flag.String("listen", "127.0.0.1:4319", "address of the OTLP gRPC server the collector exports to")
	path := flag.String("manifest", "testdata/example/errors.json", "errors to send")
	timeout := flag.Duration("timeout", 60*time.Second, "how long to wait for the collector")
	flag.Parse()
	if err := run(*collector, *listen, *path, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "errorgrouping-example:", err)
		os.Exit(1)
	}
}

func run(collector, listen, path string, timeout time.Duration) error {
	td, sent, err := buildTraces(path)
	if err != nil {
		return err
	}
	recv := &receiver{}
	lis, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	srv := grpc.NewServer()
	ptraceotlp.RegisterGRPCServer(srv, recv)
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := export(ctx, collector, td); err != nil {
		return err
	}
	for recv.count() < sent {
		select {
		case <-ctx.Done():
			return fmt.Errorf("sent %d spans, received %d before the timeout", sent, recv.count())
		case <-time.After(50 * time.Millisecond):
		}
	}
	return report(recv.all(), sent)
}

func buildTraces(path string) (ptrace.Traces, int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ptrace.Traces{}, 0, err
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return ptrace.Traces{}, 0, fmt.Errorf("%s: %w", path, err)
	}
	td := ptrace.NewTraces()
	n := 0
	for i, e := range m.Errors {
		stackText := ""
		if e.StackFile != "" {
			b, err := os.ReadFile(filepath.Join(filepath.Dir(path), e.StackFile))
			if err != nil {
				return td, 0, fmt.Errorf("errors[%d]: %w", i, err)
			}
			stackText = string(b)
		}
		rs := td.ResourceSpans().AppendEmpty()
		rs.Resource().Attributes().PutStr("service.name", e.Service)
		if e.Language != "" {
			rs.Resource().Attributes().PutStr("telemetry.sdk.language", e.Language)
		}
		spans := rs.ScopeSpans().AppendEmpty().Spans()
		for j := 0; j < max(e.Count, 1); j++ {
			span := newSpan(spans, e.Span, n)
			span.Status().SetCode(ptrace.StatusCodeError)
			msg := strings.ReplaceAll(e.Message, "{n}", strconv.Itoa(1000+j*7919%9000))
			attrs := span.Attributes()
			if e.AsEvent {
				ev := span.Events().AppendEmpty()
				ev.SetName("exception")
				putNonEmpty(ev.Attributes(), "exception.type", e.Type)
				putNonEmpty(ev.Attributes(), "exception.message", msg)
				putNonEmpty(ev.Attributes(), "exception.stacktrace", stackText)
			} else {
				putNonEmpty(attrs, "error.type", e.Type)
				putNonEmpty(attrs, "error.message", msg)
				putNonEmpty(attrs, "error.stack", stackText)
			}
			putNonEmpty(attrs, "error.fingerprint", e.Fingerprint)
			n++
		}
	}
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "frontend")
	spans := rs.ScopeSpans().AppendEmpty().Spans()
	for j := 0; j < m.Healthy; j++ {
		newSpan(spans, "GET /", n).Attributes().PutInt("http.response.status_code", 200)
		n++
	}
	return td, n, nil
}

func newSpan(spans ptrace.SpanSlice, name string, seq int) ptrace.Span {
	span := spans.AppendEmpty()
	span.SetName(name)
	var tid [16]byte
	var sid [8]byte
	copy(tid[:], fmt.Sprintf("%016x", seq))
	copy(sid[:], fmt.Sprintf("%08x", seq))
	span.SetTraceID(pcommon.TraceID(tid))
	span.SetSpanID(pcommon.SpanID(sid))
	now := time.Now()
	span.SetStartTimestamp(pcommon.NewTimestampFromTime(now.Add(-time.Millisecond)))
	span.SetEndTimestamp(pcommon.NewTimestampFromTime(now))
	return span
}

func putNonEmpty(m pcommon.Map, k, v string) {
	if v != "" {
		m.PutStr(k, v)
	}
}

// export sends td, retrying while the collector is still starting.
func export(ctx context.Context, endpoint string, td ptrace.Traces) error {
	conn, err := grpc.NewClient(endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	client := ptraceotlp.NewGRPCClient(conn)
	for {
		_, err := client.Export(ctx, ptraceotlp.NewExportRequestFromTraces(td))
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("collector at %s did not accept the spans: %w", endpoint, err)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

type receiver struct {
	ptraceotlp.UnimplementedGRPCServer
	mu    sync.Mutex
	got   []ptrace.Traces
	spans int
}

func (r *receiver) Export(_ context.Context, req ptraceotlp.ExportRequest) (ptraceotlp.ExportResponse, error) {
	td := ptrace.NewTraces()
	req.Traces().CopyTo(td)
	r.mu.Lock()
	r.got = append(r.got, td)
	r.spans += td.SpanCount()
	r.mu.Unlock()
	return ptraceotlp.NewExportResponse(), nil
}

func (r *receiver) count() int { r.mu.Lock(); defer r.mu.Unlock(); return r.spans }

func (r *receiver) all() []ptrace.Traces {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]ptrace.Traces(nil), r.got...)
}

type issueRow struct {
	id, service, grouping, title string
	spans                        int
}

func report(batches []ptrace.Traces, sent int) error {
	issues := map[string]*issueRow{}
	errorSpans, unstamped, received := 0, 0, 0
	for _, td := range batches {
		for i := 0; i < td.ResourceSpans().Len(); i++ {
			rs := td.ResourceSpans().At(i)
			service, _ := rs.Resource().Attributes().Get("service.name")
			sss := rs.ScopeSpans()
			for j := 0; j < sss.Len(); j++ {
				spans := sss.At(j).Spans()
				for k := 0; k < spans.Len(); k++ {
					received++
					span := spans.At(k)
					if span.Status().Code() != ptrace.StatusCodeError {
						continue
					}
					errorSpans++
					attrs := span.Attributes()
					id, ok := attrs.Get("error.issue.id")
					if !ok {
						unstamped++
						continue
					}
					row := issues[id.Str()]
					if row == nil {
						row = &issueRow{id: id.Str(), service: service.Str(), grouping: str(attrs, "error.issue.grouping"), title: str(attrs, "error.issue.title")}
						issues[id.Str()] = row
					}
					row.spans++
				}
			}
		}
	}
	rows := make([]*issueRow, 0, len(issues))
	for _, r := range issues {
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].service != rows[j].service {
			return rows[i].service < rows[j].service
		}
		return rows[i].title < rows[j].title
	})
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SPANS\tSERVICE\tGROUPING\tISSUE ID\tTITLE")
	for _, r := range rows {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", r.spans, r.service, r.grouping, r.id, r.title)
	}
	_ = w.Flush()
	fmt.Printf("\n%d error spans formed %d issues; %d spans sent, %d received.\n", errorSpans, len(rows), sent, received)
	switch {
	case received != sent:
		return fmt.Errorf("sent %d spans but received %d", sent, received)
	case unstamped > 0:
		return fmt.Errorf("%d error spans came back without error.issue.id", unstamped)
	case errorSpans == 0:
		return errors.New("no error span came back")
	}
	return nil
}

func str(m pcommon.Map, k string) string {
	if v, ok := m.Get(k); ok {
		return v.Str()
	}
	return ""
}
