package rules

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

func ptr[T any](v T) *T { return &v }

func mustCompile(t testing.TB, spec Spec) *Set {
	t.Helper()
	s, err := Compile(spec)
	require.NoError(t, err)
	return s
}

func fp(match MatchSpec, parts ...string) FingerprintRuleSpec {
	return FingerprintRuleSpec{Match: match, Fingerprint: parts}
}

func TestCompileErrors(t *testing.T) {
	const knownVars = "(known: default, type, message, function, module, service, span.name, attributes.KEY, resource.KEY)"
	tests := []struct {
		name string
		spec Spec
		want []string
	}{
		{"invalid glob", Spec{FingerprintRules: []FingerprintRuleSpec{
			fp(MatchSpec{Type: "A"}, "a"), fp(MatchSpec{Type: "B"}, "b"), fp(MatchSpec{Message: "[abc"}, "c"),
		}}, []string{`fingerprint_rules[2].match.message: invalid glob "[abc": unterminated class`}},
		{"unknown variable", Spec{FingerprintRules: []FingerprintRuleSpec{
			fp(MatchSpec{Type: "A"}, "{{ default }}", "{{ funtion }}"),
		}}, []string{`fingerprint_rules[0].fingerprint[1]: unknown variable {{ funtion }} ` + knownVars}},
		{"bad entries", Spec{FingerprintRules: []FingerprintRuleSpec{
			fp(MatchSpec{Type: "A"}, "", "id-{{ type }}", "{{ }}", "{{ attributes. }}", "{{ default"),
		}}, []string{
			`fingerprint_rules[0].fingerprint[0]: must not be empty`,
			`fingerprint_rules[0].fingerprint[1]: "id-{{ type }}": a variable must be the whole entry (put literal text in an entry of its own)`,
			`fingerprint_rules[0].fingerprint[2]: empty variable {{ }} ` + knownVars,
			`fingerprint_rules[0].fingerprint[3]: missing key in {{ attributes. }}`,
			`fingerprint_rules[0].fingerprint[4]: "{{ default": a variable must be the whole entry (put literal text in an entry of its own)`,
		}},
		{"empty fingerprint", Spec{FingerprintRules: []FingerprintRuleSpec{
			fp(MatchSpec{Type: "A"}, "a"), fp(MatchSpec{Type: "B"}, "b"), fp(MatchSpec{Type: "C"}, "c"), fp(MatchSpec{Type: "D"}),
		}}, []string{`fingerprint_rules[3].fingerprint: must not be empty`}},
		{"bad titles", Spec{FingerprintRules: []FingerprintRuleSpec{
			{Match: MatchSpec{Type: "A"}, Fingerprint: []string{"a"}, Title: "{{ type }} in {{ route"},
			{Match: MatchSpec{Type: "B"}, Fingerprint: []string{"b"}, Title: "{{ type }} in {{ route }}"},
		}}, []string{
			`fingerprint_rules[0].title: unterminated "{{"`,
			`fingerprint_rules[1].title: unknown variable {{ route }} ` + knownVars,
		}},
		{"unreachable fingerprint rules", Spec{FingerprintRules: []FingerprintRuleSpec{
			fp(MatchSpec{Type: "A", Attributes: map[string]string{"k": "v"}}, "a"),
			fp(MatchSpec{Type: "A", Attributes: map[string]string{"k": "v"}}, "b"),
			fp(MatchSpec{}, "catch-all"),
			fp(MatchSpec{Type: "C"}, "c"),
		}}, []string{
			`fingerprint_rules[1].match: same as fingerprint_rules[0].match, which takes these errors first`,
			`fingerprint_rules[3]: never applies: fingerprint_rules[2] has an empty match, so it takes every error first`,
		}},
		{"actions", Spec{StackRules: []StackRuleSpec{
			{Match: FrameMatchSpec{Function: "a"}, Actions: []string{"ignore"}},
			{Match: FrameMatchSpec{Function: "b"}, Actions: []string{"ignor"}},
			{Match: FrameMatchSpec{Function: "c"}, Actions: []string{"app", "not_app"}},
			{Match: FrameMatchSpec{Function: "d"}, Actions: []string{"contribute", "ignore_callers", "ignore"}},
			{Match: FrameMatchSpec{Function: "e"}, Actions: []string{"app", "app"}},
			{Match: FrameMatchSpec{Function: "f"}},
		}}, []string{
			`stack_rules[1].actions[0]: unknown action "ignor" (known: ignore, contribute, ignore_callers, ignore_callees, app, not_app)`,
			`stack_rules[2].actions[1]: "not_app" conflicts with "app"`,
			`stack_rules[3].actions[2]: "ignore" conflicts with "contribute"`,
			`stack_rules[4].actions[1]: duplicate action "app"`,
			`stack_rules[5].actions: must not be empty`,
		}},
		{"frame matchers", Spec{
			InApp: InAppSpec{Include: []FrameMatchSpec{{Language: "cobol", Module: "x"}, {}}},
			StackRules: []StackRuleSpec{
				{Actions: []string{"ignore"}},
				{Match: FrameMatchSpec{Path: "**/[gen/**"}, Actions: []string{"ignore"}},
				{Match: FrameMatchSpec{Module: `com.acme\`}, Actions: []string{"ignore"}},
			},
			FingerprintRules: []FingerprintRuleSpec{fp(MatchSpec{Frame: &FrameMatchSpec{}}, "x")},
		}, []string{
			`in_app.include[0].language: unknown language "cobol" (known: java, python, go, nodejs, ruby, dotnet, php)`,
			`in_app.include[1]: empty frame matcher matches every frame`,
			`stack_rules[0].match: empty frame matcher matches every frame`,
			`stack_rules[1].match.path: invalid glob "**/[gen/**": unterminated class`,
			`stack_rules[2].match.module: invalid glob "com.acme\\": trailing backslash`,
			`fingerprint_rules[0].match.frame: empty frame matcher matches every frame`,
		}},
		{"include and exclude", Spec{
			Include: []MatchSpec{{}, {Service: "web", Attributes: map[string]string{"": "x", "http.route": ""}}},
			Exclude: []MatchSpec{{Type: "A"}, {Frame: &FrameMatchSpec{Module: "x"}}, {Resource: map[string]string{"k8s.namespace.name": "["}}},
		}, []string{
			`include[0]: empty matcher matches every error`,
			`include[1].attributes[]: empty key`,
			`include[1].attributes[http.route]: empty pattern (use "*" to require the key)`,
			`exclude[1].frame: frame matchers are not allowed in include/exclude (the stack is not parsed for errors that are left out)`,
			`exclude[2].resource[k8s.namespace.name]: invalid glob "[": unterminated class`,
		}},
		{"duplicates", Spec{
			InApp: InAppSpec{
				Include: []FrameMatchSpec{{Module: "com.acme"}, {Module: "com.acme"}, {Path: "**/x/**", InApp: ptr(false)}},
				Exclude: []FrameMatchSpec{{Path: "**/x/**", InApp: ptr(false)}},
			},
			StackRules: []StackRuleSpec{
				{Match: FrameMatchSpec{Function: "f", InApp: ptr(true)}, Actions: []string{"ignore"}},
				{Match: FrameMatchSpec{Function: "f", InApp: ptr(true)}, Actions: []string{"ignore"}},
			},
			Include: []MatchSpec{{Type: "A"}, {Type: "B"}},
			Exclude: []MatchSpec{{Type: "B"}, {Type: "B"}},
		}, []string{
			`in_app.include[1]: duplicate of in_app.include[0]`,
			`in_app.include[2]: same matcher as in_app.exclude[0], which wins`,
			`stack_rules[1]: duplicate of stack_rules[0]`,
			`exclude[1]: duplicate of exclude[0]`,
			`include[1]: same matcher as exclude[0], which wins`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Compile(tt.spec)
			assert.Nil(t, s)
			require.Error(t, err)
			assert.Equal(t, tt.want, strings.Split(err.Error(), "\n"))
		})
	}
}

func TestCompileAcceptsAFullSpec(t *testing.T) {
	s := mustCompile(t, Spec{
		InApp: InAppSpec{
			Include: []FrameMatchSpec{{Module: "com.mycompany."}, {Path: "**/node_modules/@mycompany/**", Language: "nodejs"}},
			Exclude: []FrameMatchSpec{{Module: "com.mycompany.generated.*", Language: "JAVA"}},
		},
		StackRules: []StackRuleSpec{
			{Match: FrameMatchSpec{Function: "dispatch*", Language: "kotlin"}, Actions: []string{"ignore", "not_app", "ignore_callers"}},
		},
		FingerprintRules: []FingerprintRuleSpec{
			{Match: MatchSpec{}, Fingerprint: []string{"{{default}}", "{{ attributes.http.route }}"}, Title: "{{ type }} on {{ attributes.http.route }}"},
		},
		Include: []MatchSpec{{Service: "checkout-*"}},
		Exclude: []MatchSpec{{Type: "*ClientAbortException"}},
	})
	assert.False(t, s.Empty())
	assert.Equal(t, stack.JVM, s.inAppExclude[0].match.lang)
	assert.Equal(t, "com.mycompany.", s.inAppInclude[0].match.modulePrefix, "a module without wildcards is a prefix")
	assert.NotNil(t, s.inAppExclude[0].match.module, "a module with wildcards is a glob")
}

func TestEmptyAndNilSets(t *testing.T) {
	s := mustCompile(t, Spec{})
	assert.True(t, s.Empty())
	var none *Set
	assert.True(t, none.Empty())
	ev := &Event{Type: "E"}
	assert.True(t, none.Tracked(ev))
	assert.True(t, s.Tracked(ev))
	assert.Nil(t, none.Match(ev, nil, nil))
	assert.Nil(t, none.AttributeKeys())
	none.ApplyFrames(stack.JVM, []stack.Frame{{}}, []frames.Frame{{InApp: true}})
}

func attrs(kv ...string) func(string) (string, bool) {
	return func(key string) (string, bool) {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == key {
				return kv[i+1], true
			}
		}
		return "", false
	}
}

func TestTracked(t *testing.T) {
	s := mustCompile(t, Spec{
		Include: []MatchSpec{{Service: "checkout"}, {Resource: map[string]string{"deployment.environment.name": "prod*"}}},
		Exclude: []MatchSpec{
			{Type: "*ClientAbortException"},
			{Message: "*broken pipe*"},
			{SpanName: "GET /health*"},
			{Attributes: map[string]string{"http.response.status_code": "4??"}},
		},
	})
	prod := attrs("deployment.environment.name", "production")
	tests := []struct {
		name string
		ev   Event
		want bool
	}{
		{"included by service", Event{Service: "checkout", Type: "E"}, true},
		{"included by resource", Event{Service: "cart", Resource: prod}, true},
		{"not included", Event{Service: "cart", Resource: attrs("deployment.environment.name", "staging")}, false},
		{"no resource is not included", Event{Service: "cart"}, false},
		{"included by service is case-sensitive", Event{Service: "Checkout"}, false},
		{"excluded type wins over include", Event{Service: "checkout", Type: "org.apache.catalina.connector.ClientAbortException"}, false},
		{"excluded message, case-insensitive", Event{Service: "checkout", Message: "write: Broken Pipe"}, false},
		{"excluded span name", Event{Service: "checkout", SpanName: "GET /healthz"}, false},
		{"excluded attribute", Event{Service: "checkout", Attribute: attrs("http.response.status_code", "404")}, false},
		{"attribute not matching exclude", Event{Service: "checkout", Attribute: attrs("http.response.status_code", "500")}, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, s.Tracked(&tt.ev), tt.name)
	}

	onlyExclude := mustCompile(t, Spec{Exclude: []MatchSpec{{Service: "noisy", Type: "Timeout*"}}})
	assert.True(t, onlyExclude.Tracked(&Event{Service: "web", Type: "TimeoutError"}), "without include every error is tracked")
	assert.True(t, onlyExclude.Tracked(&Event{Service: "noisy", Type: "KeyError"}), "exclude fields are ANDed")
	assert.False(t, onlyExclude.Tracked(&Event{Service: "noisy", Type: "TimeoutError"}))
}

// javaFrames is a crash-site-first exception: application code calling through a framework and reflection.
func javaFrames() ([]stack.Frame, []frames.Frame) {
	raw := []stack.Frame{
		{Module: "com.acme.db.Repo", Function: "save", File: "Repo.java"},
		{Module: "org.hibernate.Session", Function: "flush", File: "Session.java"},
		{Module: "com.acme.orders.Service", Function: "place", File: "Service.java"},
		{Module: "java.lang.reflect.Method", Function: "invoke", File: "Method.java"},
		{Module: "com.acme.web.Controller", Function: "submit", File: "/src/generated/Controller.java"},
		{Module: "org.springframework.web.Dispatcher", Function: "doDispatch", File: "Dispatcher.java"},
	}
	norm := []frames.Frame{
		{Module: "com.acme.db.Repo", Function: "save", InApp: true},
		{Module: "org.hibernate.Session", Function: "flush", Reason: "third-party"},
		{Module: "com.acme.orders.Service", Function: "place", InApp: true},
		{Module: "java.lang.reflect.Method", Function: "invoke", Ignored: true, Reason: "reflection"},
		{Module: "com.acme.web.Controller", Function: "submit", InApp: true},
		{Module: "org.springframework.web.Dispatcher", Function: "doDispatch", Ignored: true, Reason: "framework dispatch"},
	}
	return raw, norm
}

// state renders frames compactly: A (in-app) or - (not), then I (ignored) or C (contributes).
func state(fs []frames.Frame) string {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(' ')
		}
		if f.InApp {
			b.WriteByte('A')
		} else {
			b.WriteByte('-')
		}
		if f.Ignored {
			b.WriteByte('I')
		} else {
			b.WriteByte('C')
		}
	}
	return b.String()
}

func TestApplyFrames(t *testing.T) {
	const before = "AC -C AC -I AC -I"
	tests := []struct {
		name  string
		spec  Spec
		lang  stack.Language
		want  string
		check func(t *testing.T, norm []frames.Frame)
	}{
		{"ignore", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Function: "save"}, Actions: []string{"ignore"}}}},
			stack.JVM, "AI -C AC -I AC -I", func(t *testing.T, norm []frames.Frame) {
				assert.Equal(t, "stack_rules[0]", norm[0].Reason)
			}},
		{"contribute overrides built-in noise", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "java.lang.reflect"}, Actions: []string{"contribute"}}}},
			stack.JVM, "AC -C AC -C AC -I", nil},
		{"ignore_callers leaves the matched frame", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Function: "place"}, Actions: []string{"ignore_callers"}}}},
			stack.JVM, "AC -C AC -I AI -I", func(t *testing.T, norm []frames.Frame) {
				assert.Equal(t, "stack_rules[0]", norm[4].Reason)
				assert.Empty(t, norm[2].Reason)
			}},
		{"ignore_callees", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Function: "place"}, Actions: []string{"ignore_callees"}}}},
			stack.JVM, "AI -I AC -I AC -I", nil},
		{"ignore_callers counts from the crash-nearest match", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "com.acme"}, Actions: []string{"ignore_callers"}}}},
			stack.JVM, "AC -I AI -I AI -I", nil},
		{"ignore_callees counts from the farthest match", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "com.acme"}, Actions: []string{"ignore_callees"}}}},
			stack.JVM, "AI -I AI -I AC -I", nil},
		{"a rule's own actions win over its range", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "com.acme"}, Actions: []string{"ignore_callers", "contribute"}}}},
			stack.JVM, "AC -I AC -I AC -I", nil},
		{"both ranges", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Function: "place"}, Actions: []string{"ignore_callers", "ignore_callees"}}}},
			stack.JVM, "AI -I AC -I AI -I", nil},
		{"app and not_app", Spec{StackRules: []StackRuleSpec{
			{Match: FrameMatchSpec{Module: "org.hibernate"}, Actions: []string{"app"}},
			{Match: FrameMatchSpec{Path: "**/generated/**"}, Actions: []string{"not_app"}},
		}}, stack.JVM, "AC AC AC -I -C -I", func(t *testing.T, norm []frames.Frame) {
			assert.Equal(t, "stack_rules[0]", norm[1].Reason)
			assert.Equal(t, "stack_rules[1]", norm[4].Reason)
		}},
		{"not_app and ignore together", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Function: "submit"}, Actions: []string{"not_app", "ignore"}}}},
			stack.JVM, "AC -C AC -I -I -I", nil},
		{"later rules win", Spec{StackRules: []StackRuleSpec{
			{Match: FrameMatchSpec{Module: "com.acme"}, Actions: []string{"ignore"}},
			{Match: FrameMatchSpec{Function: "place"}, Actions: []string{"contribute"}},
		}}, stack.JVM, "AI -C AC -I AI -I", nil},
		{"in_app matches the value earlier rules set", Spec{StackRules: []StackRuleSpec{
			{Match: FrameMatchSpec{Module: "org.hibernate"}, Actions: []string{"app"}},
			{Match: FrameMatchSpec{InApp: ptr(true), Module: "org"}, Actions: []string{"ignore"}},
		}}, stack.JVM, "AC AI AC -I AC -I", nil},
		{"in_app false", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{InApp: ptr(false)}, Actions: []string{"ignore"}}}},
			stack.JVM, "AC -I AC -I AC -I", nil},
		{"language matches", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Language: "java", Function: "flush"}, Actions: []string{"ignore"}}}},
			stack.JVM, "AC -I AC -I AC -I", nil},
		{"other language leaves frames alone", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Language: "python", Function: "flush"}, Actions: []string{"ignore"}}}},
			stack.JVM, before, nil},
		{"all fields on the same frame", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "com.acme.db", Function: "place"}, Actions: []string{"ignore"}}}},
			stack.JVM, before, nil},
		{"module prefix stops at a name boundary", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "com.acme.or"}, Actions: []string{"ignore"}}}},
			stack.JVM, before, nil},
		{"module glob matches the whole module", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "com.acme.*.Service"}, Actions: []string{"ignore"}}}},
			stack.JVM, "AC -C AI -I AC -I", nil},
		{"function glob is case-sensitive", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Function: "Place"}, Actions: []string{"ignore"}}}},
			stack.JVM, before, nil},
		{"path glob is case-insensitive", Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Path: "/SRC/**"}, Actions: []string{"ignore"}}}},
			stack.JVM, "AC -C AC -I AI -I", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustCompile(t, tt.spec)
			raw, norm := javaFrames()
			s.ApplyFrames(tt.lang, raw, norm)
			assert.Equal(t, tt.want, state(norm))
			if tt.check != nil {
				tt.check(t, norm)
			}
		})
	}
}

func TestInAppPrecedence(t *testing.T) {
	s := mustCompile(t, Spec{
		InApp: InAppSpec{
			Include: []FrameMatchSpec{{Module: "org.hibernate"}, {Module: "org.springframework"}, {Module: "com.acme.web"}},
			Exclude: []FrameMatchSpec{{Function: "flush"}, {Path: "**/generated/**"}},
		},
		StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Path: "**/generated/**"}, Actions: []string{"app"}}},
	})
	raw, norm := javaFrames()
	s.ApplyFrames(stack.JVM, raw, norm)
	assert.Equal(t, "AC -C AC -I AC AI", state(norm))
	assert.Equal(t, "in_app.exclude[0]", norm[1].Reason, "exclude wins over include")
	assert.Equal(t, "framework dispatch", norm[5].Reason, "an ignored frame keeps the reason it is ignored")
	assert.Equal(t, "stack_rules[0]", norm[4].Reason, "stack rules come after in_app")

	// in_app entries match the built-in value.
	s = mustCompile(t, Spec{InApp: InAppSpec{Exclude: []FrameMatchSpec{{InApp: ptr(false), Module: "org"}, {InApp: ptr(true), Module: "com.acme.db"}}}})
	raw, norm = javaFrames()
	s.ApplyFrames(stack.JVM, raw, norm)
	assert.Equal(t, "-C -C AC -I AC -I", state(norm))
}

func TestApplyFramesToleratesUnequalSlices(t *testing.T) {
	s := mustCompile(t, Spec{StackRules: []StackRuleSpec{{Match: FrameMatchSpec{Module: "com"}, Actions: []string{"ignore_callers"}}}})
	raw, norm := javaFrames()
	s.ApplyFrames(stack.JVM, raw[:2], norm)
	assert.Equal(t, "AC -I AC -I AC -I", state(norm), "frames without a parsed frame are left alone")
}

// testTrace is a reported exception caused by a connection failure, with the frames javaFrames gives the
// cause.
func testTrace() *stack.Trace {
	raw, _ := javaFrames()
	return &stack.Trace{Language: stack.JVM, Exceptions: []stack.Exception{
		{Type: "com.acme.OrderException", Message: "Could not place order 42", Parent: -1, Frames: raw[2:]},
		{Type: "java.net.ConnectException", Message: "Connection refused: db-orders:5432", Relation: stack.Cause, Frames: raw},
	}}
}

// testNormalize stands for a language normaliser: JDK and framework frames are not in-app, reflection and
// dispatch are noise.
func testNormalize(f *stack.Frame, out *frames.Frame) {
	*out = frames.Frame{Module: f.Module, Function: f.Function, InApp: strings.HasPrefix(f.Module, "com.")}
	out.Ignored = f.Module == "java.lang.reflect.Method" || f.Function == "doDispatch"
}

func TestMatch(t *testing.T) {
	tr := testTrace()
	ev := &Event{
		Service: "checkout", SpanName: "POST /orders", Type: "500",
		Attribute: attrs("http.route", "/orders/{id}", "http.response.status_code", "500"),
		Resource:  attrs("deployment.environment.name", "production"),
	}
	tests := []struct {
		name  string
		spec  MatchSpec
		trace *stack.Trace
		want  bool
	}{
		{"type of the error", MatchSpec{Type: "5??"}, nil, true},
		{"type of a cause", MatchSpec{Type: "java.net.ConnectException"}, tr, true},
		{"type glob", MatchSpec{Type: "*Connect*"}, tr, true},
		{"type is case-sensitive", MatchSpec{Type: "*connectexception"}, tr, false},
		{"type without a stack", MatchSpec{Type: "java.net.ConnectException"}, nil, false},
		{"message of a cause, case-insensitive", MatchSpec{Message: "*CONNECTION REFUSED*"}, tr, true},
		{"message not matching", MatchSpec{Message: "*timed out*"}, tr, false},
		{"message missing never matches", MatchSpec{Message: "*"}, nil, false},
		{"service", MatchSpec{Service: "check*"}, nil, true},
		{"span name", MatchSpec{SpanName: "POST /orders"}, nil, true},
		{"attributes", MatchSpec{Attributes: map[string]string{"http.route": "/orders/*", "http.response.status_code": "5*"}}, nil, true},
		{"attributes are ANDed", MatchSpec{Attributes: map[string]string{"http.route": "/orders/*", "http.response.status_code": "4*"}}, nil, false},
		{"missing attribute", MatchSpec{Attributes: map[string]string{"db.system": "*"}}, nil, false},
		{"resource", MatchSpec{Resource: map[string]string{"deployment.environment.name": "prod*"}}, nil, true},
		{"resource is not an attribute", MatchSpec{Attributes: map[string]string{"deployment.environment.name": "prod*"}}, nil, false},
		{"frame module prefix", MatchSpec{Frame: &FrameMatchSpec{Module: "com.acme.db"}}, tr, true},
		{"frame module glob", MatchSpec{Frame: &FrameMatchSpec{Module: "*.Repo"}}, tr, true},
		{"frame function", MatchSpec{Frame: &FrameMatchSpec{Function: "flush"}}, tr, true},
		{"frame path", MatchSpec{Frame: &FrameMatchSpec{Path: "**/generated/*.java"}}, tr, true},
		{"frame fields on one frame", MatchSpec{Frame: &FrameMatchSpec{Module: "com.acme.db", Function: "flush"}}, tr, false},
		{"frame in_app", MatchSpec{Frame: &FrameMatchSpec{Function: "flush", InApp: ptr(false)}}, tr, true},
		{"frame in_app mismatch", MatchSpec{Frame: &FrameMatchSpec{Function: "flush", InApp: ptr(true)}}, tr, false},
		{"frame language", MatchSpec{Frame: &FrameMatchSpec{Function: "flush", Language: "java"}}, tr, true},
		{"frame other language", MatchSpec{Frame: &FrameMatchSpec{Function: "flush", Language: "go"}}, tr, false},
		{"ignored frames still match", MatchSpec{Frame: &FrameMatchSpec{Function: "doDispatch"}}, tr, true},
		{"frame without a stack", MatchSpec{Frame: &FrameMatchSpec{Function: "flush"}}, nil, false},
		{"all kinds together", MatchSpec{Service: "checkout", Type: "*ConnectException", Message: "could not place*",
			Attributes: map[string]string{"http.route": "/orders/*"}, Frame: &FrameMatchSpec{Function: "save", InApp: ptr(true)}}, tr, true},
	}
	for _, tt := range tests {
		s := mustCompile(t, Spec{FingerprintRules: []FingerprintRuleSpec{fp(tt.spec, "x")}})
		got := s.Match(ev, tt.trace, testNormalize)
		assert.Equal(t, tt.want, got != nil, tt.name)
	}
}

func TestMatchSeesFramesAfterRules(t *testing.T) {
	spec := Spec{FingerprintRules: []FingerprintRuleSpec{fp(MatchSpec{Frame: &FrameMatchSpec{Function: "flush", InApp: ptr(true)}}, "x")}}
	ev := &Event{}
	assert.Nil(t, mustCompile(t, spec).Match(ev, testTrace(), testNormalize))

	spec.InApp.Include = []FrameMatchSpec{{Module: "org.hibernate"}}
	assert.NotNil(t, mustCompile(t, spec).Match(ev, testTrace(), testNormalize), "in_app include")

	spec.InApp.Include = nil
	spec.StackRules = []StackRuleSpec{{Match: FrameMatchSpec{Function: "flush"}, Actions: []string{"app"}}}
	assert.NotNil(t, mustCompile(t, spec).Match(ev, testTrace(), testNormalize), "stack rule app")

	generic := mustCompile(t, Spec{FingerprintRules: []FingerprintRuleSpec{fp(MatchSpec{Frame: &FrameMatchSpec{Module: "Repo.java"}}, "x")}})
	tr := testTrace()
	tr.Exceptions[1].Frames = []stack.Frame{{Function: "save", File: "/src/Repo.java"}}
	assert.NotNil(t, generic.Match(ev, tr, nil), "a nil normaliser is frames.Generic, whose module is the file name")
}

func TestMatchFirstRuleWins(t *testing.T) {
	s := mustCompile(t, Spec{FingerprintRules: []FingerprintRuleSpec{
		fp(MatchSpec{Type: "KeyError"}, "a"),
		fp(MatchSpec{Frame: &FrameMatchSpec{Module: "com.acme"}}, "b"),
		fp(MatchSpec{Type: "*Exception"}, "c"),
		fp(MatchSpec{}, "catch-all"),
	}})
	got := s.Match(&Event{}, testTrace(), testNormalize)
	require.NotNil(t, got)
	assert.Equal(t, 1, got.Index)
	assert.Equal(t, []Part{{Literal: "b"}}, got.Parts)
	got = s.Match(&Event{Type: "TypeError"}, nil, testNormalize)
	require.NotNil(t, got)
	assert.Equal(t, 3, got.Index, "an empty match takes every error")
}

func TestMatchIsSafeForConcurrentUse(t *testing.T) {
	s := mustCompile(t, Spec{
		StackRules:       []StackRuleSpec{{Match: FrameMatchSpec{Module: "org"}, Actions: []string{"app"}}},
		FingerprintRules: []FingerprintRuleSpec{fp(MatchSpec{Frame: &FrameMatchSpec{Function: "flush", InApp: ptr(true)}}, "x")},
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			tr := testTrace()
			for range 200 {
				if s.Match(&Event{}, tr, testNormalize) == nil {
					t.Error("no match")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestRuntimeDoesNotAllocate(t *testing.T) {
	s := benchSet(t)
	ev := benchEvent()
	tr := testTrace()
	assert.Zero(t, testing.AllocsPerRun(100, func() { s.Tracked(ev) }), "Tracked")
	raw, norm := javaFrames()
	assert.Zero(t, testing.AllocsPerRun(100, func() { s.ApplyFrames(stack.JVM, raw, norm) }), "ApplyFrames")
	if !raceEnabled { // the race detector makes sync.Pool drop items at random
		assert.Zero(t, testing.AllocsPerRun(100, func() { s.Match(ev, tr, testNormalize) }), "Match")
	}
}

func TestReferencedKeys(t *testing.T) {
	s := mustCompile(t, Spec{
		Include: []MatchSpec{{Attributes: map[string]string{"http.route": "/api/*"}}},
		Exclude: []MatchSpec{{Resource: map[string]string{"deployment.environment.name": "dev"}}},
		FingerprintRules: []FingerprintRuleSpec{{
			Match:       MatchSpec{Attributes: map[string]string{"rpc.method": "*", "http.route": "*"}},
			Fingerprint: []string{"{{ attributes.http.response.status_code }}", "{{ resource.k8s.namespace.name }}"},
			Title:       "{{ attributes.db.system }} {{ resource.deployment.environment.name }}",
		}},
	})
	assert.Equal(t, []string{"db.system", "http.response.status_code", "http.route", "rpc.method"}, s.AttributeKeys())
	assert.Equal(t, []string{"deployment.environment.name", "k8s.namespace.name"}, s.ResourceKeys())
}

func TestCrashFrame(t *testing.T) {
	_, norm := javaFrames()
	assert.Equal(t, "save", CrashFrame(norm).Function, "the crash-side in-app frame")
	norm[0].Ignored = true
	assert.Equal(t, "place", CrashFrame(norm).Function, "ignored frames are skipped")
	for i := range norm {
		norm[i].InApp = false
	}
	assert.Equal(t, "flush", CrashFrame(norm).Function, "without in-app frames, the crash-side frame")
	assert.Nil(t, CrashFrame([]frames.Frame{{Ignored: true, Function: "f"}, {}}))
}
