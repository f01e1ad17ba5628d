package rules

import (
	"os"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	jvmframes "github.com/errorgrouping/errorgrouping/internal/frames/jvm"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stackparse"
)

// benchSet is a realistic configuration: a few filters, in-app and stack rules, and fingerprint rules
// where the one that matches comes last and needs the frames.
func benchSet(t testing.TB) *Set {
	return mustCompile(t, Spec{
		InApp: InAppSpec{Include: []FrameMatchSpec{{Module: "com.acme"}}, Exclude: []FrameMatchSpec{{Module: "com.acme.generated.*"}}},
		StackRules: []StackRuleSpec{
			{Match: FrameMatchSpec{Module: "io.github.retrykit"}, Actions: []string{"ignore"}},
			{Match: FrameMatchSpec{Function: "main", Language: "java"}, Actions: []string{"ignore_callers"}},
		},
		Include: []MatchSpec{{Service: "checkout*"}, {Resource: map[string]string{"deployment.environment.name": "prod*"}}},
		Exclude: []MatchSpec{
			{Type: "*ClientAbortException"},
			{Message: "*broken pipe*"},
			{SpanName: "GET /health*"},
			{Attributes: map[string]string{"http.response.status_code": "4??"}},
		},
		FingerprintRules: []FingerprintRuleSpec{
			fp(MatchSpec{Type: "ChunkLoadError"}, "chunk-load"),
			fp(MatchSpec{Message: "*deadlock detected*"}, "db-deadlock"),
			fp(MatchSpec{Service: "checkout", Attributes: map[string]string{"rpc.system": "grpc"}}, "{{ default }}", "{{ attributes.rpc.method }}"),
			fp(MatchSpec{Type: "*SQLTransientConnectionException", Frame: &FrameMatchSpec{Module: "com.acme.shop.persistence", Function: "acquire"}}, "db-pool-exhausted"),
		},
	})
}

func benchEvent() *Event {
	return &Event{
		Service: "checkout", SpanName: "POST /orders", Type: "com.acme.shop.orders.OrderProcessingException",
		Message:   "Could not place order 1042",
		Attribute: attrs("http.route", "/orders", "http.response.status_code", "500"),
		Resource:  attrs("deployment.environment.name", "production"),
	}
}

func BenchmarkTracked(b *testing.B) {
	s, ev := benchSet(b), benchEvent()
	b.ReportAllocs()
	for b.Loop() {
		if !s.Tracked(ev) {
			b.Fatal("not tracked")
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	text, err := os.ReadFile("../../testdata/stacks/jvm/chained_causes.txt")
	if err != nil {
		b.Fatal(err)
	}
	var tr stack.Trace
	stackparse.Parse(string(text), stack.JVM, stack.Options{}, &tr)
	s, ev := benchSet(b), benchEvent()
	for _, bc := range []struct {
		name  string
		norm  frames.NormalizeFunc
		trace *stack.Trace
	}{
		{"frame rule matches", jvmframes.Normalize, &tr},
		{"no stack", jvmframes.Normalize, nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := s.Match(ev, bc.trace, bc.norm); (r != nil) != (bc.trace != nil) {
					b.Fatal("unexpected match result")
				}
			}
		})
	}
}

func BenchmarkApplyFrames(b *testing.B) {
	s := benchSet(b)
	raw, norm := javaFrames()
	b.ReportAllocs()
	for b.Loop() {
		s.ApplyFrames(stack.JVM, raw, norm)
	}
}
