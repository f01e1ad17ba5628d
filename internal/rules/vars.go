package rules

import (
	"errors"
	"fmt"
	"strings"
)

// Variable names what a fingerprint or title part stands for.
type Variable uint8

const (
	None Variable = iota // a literal part
	Default
	Type
	Message
	Function
	Module
	Service
	SpanName
	Attribute    // attributes.KEY: a span or log record attribute
	ResourceAttr // resource.KEY
)

var variableNames = [...]string{
	None: "", Default: "default", Type: "type", Message: "message", Function: "function", Module: "module",
	Service: "service", SpanName: "span.name", Attribute: "attributes.", ResourceAttr: "resource.",
}

// String is the name written between the braces; attributes. and resource. are followed by a key.
func (v Variable) String() string {
	if int(v) < len(variableNames) {
		return variableNames[v]
	}
	return ""
}

const knownVariables = "default, type, message, function, module, service, span.name, attributes.KEY, resource.KEY"

// Part is one compiled fingerprint part or title piece: a literal (Var == None) or a variable.
type Part struct {
	Literal string
	Var     Variable
	Key     string // the attribute key of attributes.KEY and resource.KEY
	// Missing is what the variable resolves to when its value is absent or empty: "<no-" + name + ">", e.g.
	// "<no-function>", "<no-span.name>", "<no-attributes.http.route>". A fixed placeholder keeps errors
	// that lack the value together instead of merging them with an empty part, and shows why in the title.
	Missing string
}

// Values are what the variables that need the engine's analysis resolve to for one error; an empty field
// counts as missing.
type Values struct {
	// Default is the readable default fingerprint, for titles: in a fingerprint the engine puts the derived
	// parts themselves where {{ default }} stands.
	Default string
	Type    string
	// Message is the normalised message.
	Message string
	// Function and Module are those of the crash-side in-app frame, else of the crash-side frame (CrashFrame).
	Function, Module string
}

// Value returns the literal, or the value of the variable for ev and v, or its placeholder when missing.
func (p *Part) Value(ev *Event, v *Values) string {
	var s string
	switch p.Var {
	case None:
		return p.Literal
	case Default:
		s = v.Default
	case Type:
		s = v.Type
	case Message:
		s = v.Message
	case Function:
		s = v.Function
	case Module:
		s = v.Module
	case Service:
		s = ev.Service
	case SpanName:
		s = ev.SpanName
	case Attribute:
		s = lookup(ev.Attribute, p.Key)
	case ResourceAttr:
		s = lookup(ev.Resource, p.Key)
	}
	if s == "" {
		return p.Missing
	}
	return s
}

// AppendTitle appends the rule's title resolved for ev and v to dst; nothing when the rule has no title.
func (r *FingerprintRule) AppendTitle(dst []byte, ev *Event, v *Values) []byte {
	for i := range r.Title {
		dst = append(dst, r.Title[i].Value(ev, v)...)
	}
	return dst
}

func lookup(get func(string) (string, bool), key string) string {
	if get == nil {
		return ""
	}
	s, _ := get(key)
	return s
}

// parseEntry compiles one fingerprint entry: exactly one variable (spacing inside and around the braces is
// free), or a literal used byte for byte.
func parseEntry(e string) (Part, error) {
	if e == "" {
		return Part{}, errors.New("must not be empty")
	}
	if !strings.Contains(e, "{{") && !strings.Contains(e, "}}") {
		return Part{Literal: e}, nil
	}
	t := strings.TrimSpace(e)
	inner, ok := strings.CutPrefix(t, "{{")
	if inner, ok2 := strings.CutSuffix(inner, "}}"); ok && ok2 && !strings.Contains(inner, "{{") && !strings.Contains(inner, "}}") {
		return parseVariable(inner)
	}
	return Part{}, fmt.Errorf("%q: a variable must be the whole entry (put literal text in an entry of its own)", e)
}

// parseTemplate compiles a title: literal text with {{ variables }} anywhere.
func parseTemplate(s string) ([]Part, error) {
	var parts []Part
	for s != "" {
		open := strings.Index(s, "{{")
		if open < 0 {
			parts = append(parts, Part{Literal: s})
			break
		}
		if open > 0 {
			parts = append(parts, Part{Literal: s[:open]})
		}
		end := strings.Index(s[open+2:], "}}")
		if end < 0 {
			return nil, errors.New(`unterminated "{{"`)
		}
		p, err := parseVariable(s[open+2 : open+2+end])
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
		s = s[open+2+end+2:]
	}
	return parts, nil
}

func parseVariable(inner string) (Part, error) {
	name := strings.TrimSpace(inner)
	if name == "" {
		return Part{}, fmt.Errorf("empty variable {{ }} (known: %s)", knownVariables)
	}
	for v := Default; v <= SpanName; v++ {
		if name == variableNames[v] {
			return Part{Var: v, Missing: "<no-" + name + ">"}, nil
		}
	}
	for _, v := range [...]Variable{Attribute, ResourceAttr} {
		if key, ok := strings.CutPrefix(name, variableNames[v]); ok {
			if key == "" {
				return Part{}, fmt.Errorf("missing key in {{ %s }}", name)
			}
			return Part{Var: v, Key: key, Missing: "<no-" + name + ">"}, nil
		}
	}
	return Part{}, fmt.Errorf("unknown variable {{ %s }} (known: %s)", name, knownVariables)
}
