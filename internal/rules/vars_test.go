package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEntry(t *testing.T) {
	tests := []struct {
		entry string
		want  Part
	}{
		{"{{ default }}", Part{Var: Default, Missing: "<no-default>"}},
		{"{{default}}", Part{Var: Default, Missing: "<no-default>"}},
		{"  {{   type }} ", Part{Var: Type, Missing: "<no-type>"}},
		{"{{ message }}", Part{Var: Message, Missing: "<no-message>"}},
		{"{{ function }}", Part{Var: Function, Missing: "<no-function>"}},
		{"{{ module }}", Part{Var: Module, Missing: "<no-module>"}},
		{"{{ service }}", Part{Var: Service, Missing: "<no-service>"}},
		{"{{ span.name }}", Part{Var: SpanName, Missing: "<no-span.name>"}},
		{"{{ attributes.http.route }}", Part{Var: Attribute, Key: "http.route", Missing: "<no-attributes.http.route>"}},
		{"{{resource.k8s.pod.name}}", Part{Var: ResourceAttr, Key: "k8s.pod.name", Missing: "<no-resource.k8s.pod.name>"}},
		{"database-connection-error", Part{Literal: "database-connection-error"}},
		{" spaced literal ", Part{Literal: " spaced literal "}},
		{"{ type }", Part{Literal: "{ type }"}},
	}
	for _, tt := range tests {
		got, err := parseEntry(tt.entry)
		require.NoError(t, err, tt.entry)
		assert.Equal(t, tt.want, got, tt.entry)
	}
	for _, bad := range []string{"", "x {{ type }}", "{{ type }}{{ message }}", "{{ type", "type }}", "{{ Type }}", "{{ attributes }}", "{{ resource. }}"} {
		_, err := parseEntry(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestParseTemplate(t *testing.T) {
	got, err := parseTemplate("{{ type }} on {{attributes.http.route}} (}} is literal)")
	require.NoError(t, err)
	assert.Equal(t, []Part{
		{Var: Type, Missing: "<no-type>"},
		{Literal: " on "},
		{Var: Attribute, Key: "http.route", Missing: "<no-attributes.http.route>"},
		{Literal: " (}} is literal)"},
	}, got)
	got, err = parseTemplate("no variables")
	require.NoError(t, err)
	assert.Equal(t, []Part{{Literal: "no variables"}}, got)
}

func TestValues(t *testing.T) {
	s := mustCompile(t, Spec{FingerprintRules: []FingerprintRuleSpec{{
		Match: MatchSpec{Type: "*"},
		Fingerprint: []string{"rpc", "{{ default }}", "{{ type }}", "{{ message }}", "{{ function }}", "{{ module }}",
			"{{ service }}", "{{ span.name }}", "{{ attributes.rpc.method }}", "{{ resource.k8s.namespace.name }}"},
		Title: "{{ type }} calling {{ attributes.rpc.method }} in {{ resource.k8s.namespace.name }}",
	}}})
	r := &s.fingerprint[0]
	ev := &Event{Service: "checkout", SpanName: "Charge", Attribute: attrs("rpc.method", "Charge"), Resource: attrs("k8s.namespace.name", "")}
	v := &Values{Default: "RpcError | at Client.call", Type: "RpcError", Message: "deadline exceeded after <duration>", Module: "Client"}
	var got []string
	for i := range r.Parts {
		got = append(got, r.Parts[i].Value(ev, v))
	}
	assert.Equal(t, []string{"rpc", "RpcError | at Client.call", "RpcError", "deadline exceeded after <duration>",
		"<no-function>", "Client", "checkout", "Charge", "Charge", "<no-resource.k8s.namespace.name>"}, got,
		"an absent function and an empty resource value give their placeholders")
	assert.Equal(t, "RpcError calling Charge in <no-resource.k8s.namespace.name>", string(r.AppendTitle(nil, ev, v)))

	bare := &Event{}
	assert.Equal(t, "<no-attributes.rpc.method>", r.Parts[8].Value(bare, v), "an event without attribute lookup")
	assert.Equal(t, "<no-span.name>", r.Parts[7].Value(bare, v))
}

func TestVariableString(t *testing.T) {
	assert.Equal(t, "span.name", SpanName.String())
	assert.Equal(t, "attributes.", Attribute.String())
	assert.Equal(t, "", Variable(200).String())
}
