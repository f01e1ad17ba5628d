package e2e

import (
	"context"
	"encoding/binary"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errorgrouping/errorgrouping/e2e/internal/harness"
	"github.com/errorgrouping/errorgrouping/internal/corpus"
)

// TestScaleOutInstancesAgreeOnIssueIDs feeds two collector instances the same labelled real errors of seven
// languages, as spans and as log records, in different orders and batch sizes, and asserts that both give
// every error the same issue: ids need no shared state, so the collector's own load balancing is enough.
func TestScaleOutInstancesAgreeOnIssueIDs(t *testing.T) {
	records, err := corpus.Load(filepath.Join(root, "testdata", "corpus"))
	require.NoError(t, err)
	require.NotEmpty(t, records)

	forward := make([]int, len(records))
	for i := range forward {
		forward[i] = i
	}
	backward := slices.Clone(forward)
	slices.Reverse(backward)
	instances := []struct {
		order []int
		batch int
	}{{forward, 50}, {backward, 37}}

	issues := make([]map[string]stampedIssue, len(instances))
	var wg sync.WaitGroup
	for n, inst := range instances {
		rec := harness.NewRecorder()
		col := startCollector(t, rec, "errorgrouping", "batch")
		wg.Go(func() {
			issues[n] = feed(t, col, rec, records, inst.order, inst.batch)
		})
	}
	wg.Wait()
	require.False(t, t.Failed())

	a, b := issues[0], issues[1]
	require.Len(t, a, 2*len(records), "errors stamped by the first instance")
	require.Len(t, b, 2*len(records), "errors stamped by the second instance")
	distinct := map[string]bool{}
	for key, want := range a {
		assert.Regexp(t, issueIDPattern, want.id, key)
		assert.Equal(t, want, b[key], "%s: the two instances disagree", key)
		distinct[want.id] = true
	}
	// The corpus holds several occurrences of each bug, so the ids do group.
	assert.Less(t, len(distinct), len(records), "issues")
	t.Logf("%d errors (%d as spans, %d as log records) formed %d issues on both instances",
		len(a), len(records), len(records), len(distinct))
}

type stampedIssue struct{ id, fingerprint, grouping, title string }

// feed sends records to col in the given order, batch records per request, each as a span and as a log
// record, and returns what the collector stamped, by "span <n>" and "log <n>" where n is the record index.
func feed(t *testing.T, col *harness.Collector, rec *harness.Recorder, records []corpus.Record, order []int, batch int) map[string]stampedIssue {
	conn, err := grpc.NewClient(col.Endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if !assert.NoError(t, err) {
		return nil
	}
	defer conn.Close()
	traces, logs := ptraceotlp.NewGRPCClient(conn), plogotlp.NewGRPCClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for start := 0; start < len(order); start += batch {
		td, ld := corpusBatch(records, order[start:min(start+batch, len(order))])
		_, err := traces.Export(ctx, ptraceotlp.NewExportRequestFromTraces(td))
		if !assert.NoError(t, err) {
			return nil
		}
		_, err = logs.Export(ctx, plogotlp.NewExportRequestFromLogs(ld))
		if !assert.NoError(t, err) {
			return nil
		}
	}
	if !assert.NoError(t, rec.Wait(len(order), len(order), time.Minute)) {
		return nil
	}
	out := map[string]stampedIssue{}
	got := rec.Traces()
	for _, rs := range got.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				id := span.SpanID()
				out["span "+strconv.FormatUint(binary.BigEndian.Uint64(id[:])-1, 10)] = issueAttrs(span.Attributes())
			}
		}
	}
	for _, rl := range rec.Logs().ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				out["log "+str(lr.Attributes(), "log.record.uid")] = issueAttrs(lr.Attributes())
			}
		}
	}
	return out
}

func issueAttrs(m pcommon.Map) stampedIssue {
	return stampedIssue{str(m, attrIssueID), str(m, attrFingerprint), str(m, attrGrouping), str(m, attrTitle)}
}

// corpusBatch turns the records at indexes into error spans (Datadog-style error.* attributes) and exception
// log records, one resource per record as its service would send it.
func corpusBatch(records []corpus.Record, indexes []int) (ptrace.Traces, plog.Logs) {
	td, ld := ptrace.NewTraces(), plog.NewLogs()
	for _, i := range indexes {
		r := &records[i]
		rs := td.ResourceSpans().AppendEmpty()
		putResource(rs.Resource().Attributes(), r)
		span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
		var tid pcommon.TraceID
		var sid pcommon.SpanID
		binary.BigEndian.PutUint64(tid[8:], uint64(i)+1)
		binary.BigEndian.PutUint64(sid[:], uint64(i)+1)
		span.SetTraceID(tid)
		span.SetSpanID(sid)
		span.SetName("handle request")
		span.Status().SetCode(ptrace.StatusCodeError)
		putErrorAttrs(span.Attributes(), "error.type", r.Type, "error.message", r.Message, "error.stack", r.Stack)

		rl := ld.ResourceLogs().AppendEmpty()
		putResource(rl.Resource().Attributes(), r)
		lr := rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
		lr.SetEventName("exception")
		lr.SetSeverityNumber(plog.SeverityNumberError)
		lr.Attributes().PutStr("log.record.uid", strconv.Itoa(i))
		putErrorAttrs(lr.Attributes(), "exception.type", r.Type, "exception.message", r.Message, "exception.stacktrace", r.Stack)
	}
	return td, ld
}

func putResource(m pcommon.Map, r *corpus.Record) {
	m.PutStr("service.name", r.Service)
	m.PutStr("telemetry.sdk.language", r.Language)
}

// putErrorAttrs puts the non-empty values of key, value pairs.
func putErrorAttrs(m pcommon.Map, kv ...string) {
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] != "" {
			m.PutStr(kv[i], kv[i+1])
		}
	}
}
