package e2e

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/errorgrouping/errorgrouping/e2e/internal/harness"
)

// The attributes the processor stamps, under their default names.
const (
	attrIssueID     = "error.issue.id"
	attrFingerprint = "error.issue.fingerprint"
	attrGrouping    = "error.issue.grouping"
	attrTitle       = "error.issue.title"
	attrCulprit     = "error.issue.culprit"
	attrOccurrence  = "error.issue.occurrence"
)

var stampedAttrs = []string{attrIssueID, attrFingerprint, attrGrouping, attrTitle, attrCulprit, attrOccurrence}

var issueIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// issueCase is one error the instrumented programs raise on each of their two requests: the spans (by name)
// or exception log records that carry it must all share one issue.
type issueCase struct {
	service string
	log     bool     // log records with this event name, rather than spans
	names   []string // span names, or the log event name
	count   int      // error spans or log records expected
	// grouping is the expected error.issue.grouping; "derived" accepts any strategy that reads the error
	// itself (stacktrace or exception).
	grouping    string
	fingerprint string // the exact error.issue.fingerprint, for a custom fingerprint
	culprit     bool   // the error has a stack with application frames, so a culprit is named
}

var appCases = []issueCase{
	// Go: RecordError with the SDK's stack trace; ids 42 and 977 in the message.
	{service: "checkout-go", names: []string{"GET /orders/{id}"}, count: 2, grouping: "derived", culprit: true},
	// Go: a recovered index-out-of-range panic as Datadog-style error.* with debug.Stack(), on the span that
	// panicked and again on its parent: one issue.
	{service: "checkout-go", names: []string{"orders.total", "POST /orders/{id}/total"}, count: 4, grouping: "derived", culprit: true},
	{service: "checkout-go", names: []string{"charge"}, count: 2, grouping: "custom", fingerprint: "payment-timeout"},
	// Go: a bare error.type=500, which only the operation tells apart.
	{service: "checkout-go", names: []string{"GET /users/{id}"}, count: 2, grouping: "fallback"},
	{service: "checkout-go", log: true, names: []string{"exception"}, count: 2, grouping: "derived", culprit: true},
	// Node.js: span.recordException of a thrown custom error.
	{service: "checkout-node", names: []string{"GET /carts/:id"}, count: 2, grouping: "derived", culprit: true},
	// Node.js: a real TypeError as Datadog-style error.* with err.stack.
	{service: "checkout-node", names: []string{"POST /checkout"}, count: 2, grouping: "derived", culprit: true},
	{service: "checkout-node", names: []string{"inventory.sync"}, count: 2, grouping: "custom", fingerprint: "inventory-sync-failed", culprit: true},
	{service: "checkout-node", log: true, names: []string{"exception"}, count: 2, grouping: "derived", culprit: true},
}

// Spans without an error that the programs send, so that "every span without an error comes back byte for
// byte" is never checked on none.
var healthySpans = []string{"GET /health", "SELECT orders", "redis GET"}

// TestInstrumentedPrograms runs a Go program instrumented with the OpenTelemetry Go SDK and a Node.js
// program instrumented with @opentelemetry/sdk-node against the collector. Each program exports to the
// collector through OTEL_EXPORTER_OTLP_ENDPOINT and, through a second exporter, to a capture sink, so the
// test compares what the SDKs sent with what the collector exported.
func TestInstrumentedPrograms(t *testing.T) {
	node := nodeProgram(t)
	goapp := filepath.Join(t.TempDir(), "goapp")
	build := exec.Command("go", "build", "-o", goapp, "./apps/goapp")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building apps/goapp: %s", out)

	captured := harness.NewRecorder()
	capture, err := harness.StartSink(captured.Consumers())
	require.NoError(t, err)
	t.Cleanup(capture.Stop)
	exported := harness.NewRecorder()
	col := startCollector(t, exported, "errorgrouping", "batch")

	env := append(os.Environ(),
		"OTEL_EXPORTER_OTLP_ENDPOINT=http://"+col.Endpoint,
		"E2E_CAPTURE_ENDPOINT=http://"+capture.Addr,
		// Each program exports its spans once, at shutdown, so that the span that panicked and its parent
		// reach the processor in one batch: marking propagated copies looks within a batch.
		"OTEL_BSP_SCHEDULE_DELAY=60000",
		// The Node.js SDK exports metrics by default; this collector has no metrics pipeline.
		"OTEL_METRICS_EXPORTER=none")
	for _, program := range []*exec.Cmd{exec.Command(goapp), node} {
		program.Env = env
		out, err := program.CombinedOutput()
		require.NoError(t, err, "%s: %s", program.Args, out)
	}

	sent, sentLogs := captured.Traces(), captured.Logs()
	require.Positive(t, sent.SpanCount())
	require.NoError(t, exported.Wait(sent.SpanCount(), sentLogs.LogRecordCount(), time.Minute))
	metrics, err := col.Metrics()
	require.NoError(t, err)
	require.NoError(t, col.Stop()) // flushes, so anything sent twice would now be here too
	got, gotLogs := exported.Traces(), exported.Logs()

	assert.Contains(t, col.Log(), "errorgrouping processor configured", "the startup line that summarises the configuration")
	errorSpans, stampedEvents, spansWithEvents := checkSpans(t, sent, got)
	errorLogs := checkLogs(t, sentLogs, gotLogs)
	checkCases(t, got, gotLogs)

	// The processor counts every stamped error: spans, exception events other than the one that decided
	// their span's issue, and log records.
	grouped := groupedCounts(t, metrics)
	assert.Equal(t, float64(errorSpans+stampedEvents-spansWithEvents), grouped["traces"], "errors_grouped for traces")
	assert.Equal(t, float64(errorLogs), grouped["logs"], "errors_grouped for logs")
}

// nodeProgram installs the Node.js program's dependencies from its lock file with npm ci, installing
// Node.js and npm first where they are missing and the test may (root on Debian, as in CI).
func nodeProgram(t *testing.T) *exec.Cmd {
	t.Helper()
	_, errNode := exec.LookPath("node")
	_, errNpm := exec.LookPath("npm")
	if errNode != nil || errNpm != nil {
		_, errApt := exec.LookPath("apt-get")
		if os.Geteuid() != 0 || errApt != nil {
			t.Fatal("the end-to-end test needs Node.js 18.19+ and npm on the PATH (Debian: apt-get install -y nodejs npm)")
		}
		for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "nodejs", "npm"}} {
			out, err := exec.Command("apt-get", args...).CombinedOutput()
			require.NoError(t, err, "apt-get %s: %s", strings.Join(args, " "), out)
		}
	}
	dir := filepath.Join("apps", "nodeapp")
	install := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	install.Dir = dir
	out, err := install.CombinedOutput()
	require.NoError(t, err, "npm ci in %s: %s", dir, out)
	return exec.Command("node", filepath.Join(dir, "app.js"))
}

// isErrorSpan is the processor's definition: error.* attributes or an exception event.
func isErrorSpan(span ptrace.Span) bool {
	if hasErrorAttrs(span.Attributes()) {
		return true
	}
	for _, ev := range span.Events().All() {
		if ev.Name() == "exception" {
			return true
		}
	}
	return false
}

func hasErrorAttrs(attrs pcommon.Map) bool {
	for k := range attrs.All() {
		if strings.HasPrefix(k, "error.") || strings.HasPrefix(k, "exception.") {
			return true
		}
	}
	return false
}

type spanKey struct {
	trace pcommon.TraceID
	span  pcommon.SpanID
}

// singleSpans splits td into one Traces per span, with the span's resource and scope.
func singleSpans(t *testing.T, td ptrace.Traces) map[spanKey]ptrace.Traces {
	t.Helper()
	out := map[spanKey]ptrace.Traces{}
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				one := ptrace.NewTraces()
				ors := one.ResourceSpans().AppendEmpty()
				rs.Resource().CopyTo(ors.Resource())
				ors.SetSchemaUrl(rs.SchemaUrl())
				oss := ors.ScopeSpans().AppendEmpty()
				ss.Scope().CopyTo(oss.Scope())
				oss.SetSchemaUrl(ss.SchemaUrl())
				span.CopyTo(oss.Spans().AppendEmpty())
				key := spanKey{span.TraceID(), span.SpanID()}
				assert.NotContains(t, out, key, "span %q arrived twice", span.Name())
				out[key] = one
			}
		}
	}
	return out
}

func firstSpan(td ptrace.Traces) ptrace.Span {
	return td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
}

func marshalTraces(t *testing.T, td ptrace.Traces) []byte {
	t.Helper()
	b, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	require.NoError(t, err)
	return b
}

func marshalLogs(t *testing.T, ld plog.Logs) []byte {
	t.Helper()
	b, err := (&plog.ProtoMarshaler{}).MarshalLogs(ld)
	require.NoError(t, err)
	return b
}

// unstamp removes what the processor stamps, so that the rest can be compared byte for byte with what the
// SDK sent.
func unstamp(attrs pcommon.Map) {
	attrs.RemoveIf(func(k string, _ pcommon.Value) bool { return slices.Contains(stampedAttrs, k) })
}

func requireUnstamped(t *testing.T, what string, attrs pcommon.Map) {
	t.Helper()
	for _, k := range stampedAttrs {
		_, ok := attrs.Get(k)
		require.False(t, ok, "%s already carries %s before the collector", what, k)
	}
}

// checkStamp asserts the stamped attributes that every error carries.
func checkStamp(t *testing.T, what string, attrs pcommon.Map) {
	t.Helper()
	assert.Regexp(t, issueIDPattern, str(attrs, attrIssueID), "%s: %s", what, attrIssueID)
	for _, k := range []string{attrFingerprint, attrGrouping, attrTitle} {
		assert.NotEmpty(t, str(attrs, k), "%s: %s", what, k)
	}
	assert.LessOrEqual(t, len(str(attrs, attrTitle)), 200, "%s: title longer than max_title_length", what)
}

// checkSpans asserts that every span the SDKs sent came back once, that spans without an error came back
// byte for byte, and that error spans came back stamped and otherwise byte for byte. It returns the number
// of error spans, of stamped exception events, and of error spans with stamped events.
func checkSpans(t *testing.T, sent, got ptrace.Traces) (errorSpans, stampedEvents, spansWithEvents int) {
	t.Helper()
	want, have := singleSpans(t, sent), singleSpans(t, got)
	require.Len(t, have, len(want), "spans exported by the collector")
	for key, w := range want {
		span := firstSpan(w)
		h, ok := have[key]
		if !assert.True(t, ok, "span %q was lost", span.Name()) {
			continue
		}
		what := "span " + strconv.Quote(span.Name())
		requireUnstamped(t, what, span.Attributes())
		if !isErrorSpan(span) {
			assert.Equal(t, marshalTraces(t, w), marshalTraces(t, h), "%s has no error and must come back unchanged", what)
			continue
		}
		errorSpans++
		hs := firstSpan(h)
		checkStamp(t, what, hs.Attributes())
		occ, ok := hs.Attributes().Get(attrOccurrence)
		assert.True(t, ok && occ.Type() == pcommon.ValueTypeBool, "%s: %s missing", what, attrOccurrence)
		unstamp(hs.Attributes())
		stamped := 0
		for i, ev := range hs.Events().All() {
			if _, ok := ev.Attributes().Get(attrIssueID); ok {
				requireUnstamped(t, what+" event", span.Events().At(i).Attributes())
				checkStamp(t, what+" event", ev.Attributes())
				stamped++
			}
			unstamp(ev.Attributes())
		}
		stampedEvents += stamped
		if stamped > 0 {
			spansWithEvents++
		}
		assert.Equal(t, marshalTraces(t, w), marshalTraces(t, h), "%s changed beyond the stamped attributes", what)
	}
	return errorSpans, stampedEvents, spansWithEvents
}

// checkLogs asserts that every log record came back once, records with an error stamped and otherwise
// byte for byte, and the others untouched. It returns the number of error records.
func checkLogs(t *testing.T, sent, got plog.Logs) (errorLogs int) {
	t.Helper()
	// Log records carry no id: compare them as a multiset of single-record payloads.
	want := map[string]int{}
	for _, one := range singleRecords(sent) {
		requireUnstamped(t, "log record", one.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0).Attributes())
		want[string(marshalLogs(t, one))]++
	}
	have := map[string]int{}
	for _, one := range singleRecords(got) {
		lr := one.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords().At(0)
		what := "log record " + strconv.Quote(lr.Body().AsString())
		if hasErrorAttrs(lr.Attributes()) {
			errorLogs++
			checkStamp(t, what, lr.Attributes())
			_, ok := lr.Attributes().Get(attrOccurrence)
			assert.False(t, ok, "%s: %s is for spans only", what, attrOccurrence)
			unstamp(lr.Attributes())
		} else {
			_, ok := lr.Attributes().Get(attrIssueID)
			assert.False(t, ok, "%s has no error and must not be stamped", what)
		}
		have[string(marshalLogs(t, one))]++
	}
	assert.Equal(t, sent.LogRecordCount(), got.LogRecordCount(), "log records exported by the collector")
	assert.Equal(t, want, have, "log records changed beyond the stamped attributes")
	return errorLogs
}

func singleRecords(ld plog.Logs) []plog.Logs {
	var out []plog.Logs
	for _, rl := range ld.ResourceLogs().All() {
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				one := plog.NewLogs()
				orl := one.ResourceLogs().AppendEmpty()
				rl.Resource().CopyTo(orl.Resource())
				orl.SetSchemaUrl(rl.SchemaUrl())
				osl := orl.ScopeLogs().AppendEmpty()
				sl.Scope().CopyTo(osl.Scope())
				osl.SetSchemaUrl(sl.SchemaUrl())
				lr.CopyTo(osl.LogRecords().AppendEmpty())
				out = append(out, one)
			}
		}
	}
	return out
}

// stampedError is one stamped span or log record as the collector exported it.
type stampedError struct {
	service, name string
	log           bool
	attrs         pcommon.Map
}

func stampedErrors(td ptrace.Traces, ld plog.Logs) []stampedError {
	var out []stampedError
	for _, rs := range td.ResourceSpans().All() {
		service, _ := rs.Resource().Attributes().Get("service.name")
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				if _, ok := span.Attributes().Get(attrIssueID); ok {
					out = append(out, stampedError{service: service.Str(), name: span.Name(), attrs: span.Attributes()})
				}
			}
		}
	}
	for _, rl := range ld.ResourceLogs().All() {
		service, _ := rl.Resource().Attributes().Get("service.name")
		for _, sl := range rl.ScopeLogs().All() {
			for _, lr := range sl.LogRecords().All() {
				if _, ok := lr.Attributes().Get(attrIssueID); ok {
					out = append(out, stampedError{service: service.Str(), name: lr.EventName(), log: true, attrs: lr.Attributes()})
				}
			}
		}
	}
	return out
}

// checkCases asserts how the programs' errors were grouped: each case is one issue across both requests
// despite the different ids in its messages, with the expected strategy, and different cases are
// different issues.
func checkCases(t *testing.T, td ptrace.Traces, ld plog.Logs) {
	t.Helper()
	errs := stampedErrors(td, ld)
	matched := 0
	issueOf := map[string]string{} // issue id -> case, to tell cases apart
	for _, c := range appCases {
		name := c.service + " " + strings.Join(c.names, "+")
		if c.log {
			name += " (log)"
		}
		var members []stampedError
		for _, e := range errs {
			if e.service == c.service && e.log == c.log && slices.Contains(c.names, e.name) {
				members = append(members, e)
			}
		}
		matched += len(members)
		if !assert.Len(t, members, c.count, "%s: stamped errors", name) {
			continue
		}
		id := str(members[0].attrs, attrIssueID)
		for _, m := range members {
			assert.Equal(t, id, str(m.attrs, attrIssueID), "%s: every occurrence is one issue", name)
			grouping := str(m.attrs, attrGrouping)
			if c.grouping == "derived" {
				assert.Contains(t, []string{"stacktrace", "exception"}, grouping, "%s: grouping", name)
			} else {
				assert.Equal(t, c.grouping, grouping, "%s: grouping", name)
			}
			if c.fingerprint != "" {
				assert.Equal(t, c.fingerprint, str(m.attrs, attrFingerprint), "%s: the custom fingerprint is used as given", name)
			}
			_, hasCulprit := m.attrs.Get(attrCulprit)
			assert.Equal(t, c.culprit, hasCulprit, "%s: %s", name, attrCulprit)
			if !c.log {
				// Only a copy of the error on a descendant span is not the occurrence.
				isCopy := m.name == "orders.total"
				assert.Equal(t, strconv.FormatBool(!isCopy), str(m.attrs, attrOccurrence), "%s: %s", name, attrOccurrence)
			}
		}
		t.Logf("%-45s %s %-10s %-34q culprit=%q", name, id, str(members[0].attrs, attrGrouping),
			str(members[0].attrs, attrTitle), str(members[0].attrs, attrCulprit))
		kind := "span"
		if c.log {
			kind = "log"
		}
		if other, dup := issueOf[kind+id]; dup {
			t.Errorf("%s and %s share issue %s", other, name, id)
		}
		issueOf[kind+id] = name
	}
	assert.Equal(t, len(errs), matched, "stamped errors outside the expected cases")
	for _, name := range healthySpans {
		found := false
		for _, rs := range td.ResourceSpans().All() {
			for _, ss := range rs.ScopeSpans().All() {
				for _, span := range ss.Spans().All() {
					found = found || span.Name() == name
				}
			}
		}
		assert.True(t, found, "healthy span %q came back", name)
	}
}

func str(m pcommon.Map, k string) string {
	if v, ok := m.Get(k); ok {
		return v.AsString()
	}
	return ""
}

// groupedCounts sums otelcol_processor_errorgrouping_errors_grouped by otel_signal in the Prometheus text
// exposition of the collector's internal metrics.
func groupedCounts(t *testing.T, exposition string) map[string]float64 {
	t.Helper()
	const name = "otelcol_processor_errorgrouping_errors_grouped"
	signal := regexp.MustCompile(`otel_signal="([a-z]+)"`)
	out := map[string]float64{}
	found := false
	sc := bufio.NewScanner(bytes.NewReader([]byte(exposition)))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) {
			continue
		}
		found = true
		m := signal.FindStringSubmatch(line)
		fields := strings.Fields(line)
		v, err := strconv.ParseFloat(fields[len(fields)-1], 64)
		require.NoError(t, err, line)
		require.NotNil(t, m, "no otel_signal label: %s", line)
		out[m[1]] += v
	}
	require.True(t, found, "%s is not among the collector's internal metrics:\n%s", name, exposition)
	return out
}
