package grouping

import (
	"github.com/errorgrouping/errorgrouping/internal/rules"
)

// ruleLookup answers the rules' attribute lookups from the values the caller read for the keys the
// rules reference.
type ruleLookup struct {
	attrKeys, resKeys []string
	attrs, res        []string
}

func (l *ruleLookup) attribute(key string) (string, bool) { return find(l.attrKeys, l.attrs, key) }
func (l *ruleLookup) resource(key string) (string, bool)  { return find(l.resKeys, l.res, key) }

func find(keys, values []string, key string) (string, bool) {
	for i, k := range keys {
		if k == key && i < len(values) && values[i] != "" {
			return values[i], true
		}
	}
	return "", false
}

// matchRule returns the first fingerprint rule that matches the error, or nil.
func (e *Engine) matchRule(s *scratch, err *Error) *rules.FingerprintRule {
	if e.rules.Empty() {
		return nil
	}
	s.lookup = ruleLookup{attrKeys: e.rules.AttributeKeys(), resKeys: e.rules.ResourceKeys(),
		attrs: err.RuleAttributes, res: err.RuleResource}
	s.event = rules.Event{Service: err.Service, SpanName: err.Operation, Type: s.typ, Message: s.message,
		Attribute: s.lookup.attribute, Resource: s.lookup.resource}
	return e.rules.Match(&s.event, &s.chain.trace, s.chain.normalize)
}

// ruleFingerprint fills the parts of a rule's fingerprint, and returns its readable form and the rule's
// title (empty when the rule sets none). Literal parts and resolved variables are the user's parts, so a
// rule that writes "database-connection-error" gives the same issue as a span that carries it.
func (e *Engine) ruleFingerprint(s *scratch, err *Error, rule *rules.FingerprintRule) (fingerprint, title string) {
	values := e.ruleValues(s, err, rule)
	for i := range rule.Parts {
		if i > 0 {
			s.readableSep()
		}
		p := &rule.Parts[i]
		if p.Var == rules.Default {
			e.derive(s, err)
			continue
		}
		v := p.Value(&s.event, &values)
		s.parts.add(tagUser, v)
		s.readableStr(v)
	}
	fingerprint = string(s.readable)
	if rule.Title != nil {
		title = truncate(string(rule.AppendTitle(nil, &s.event, &values)), e.maxTitleLength)
	}
	return fingerprint, title
}

// ruleValues resolves what the variables that need the engine's analysis stand for. The readable default
// fingerprint is derived only when the title asks for it.
func (e *Engine) ruleValues(s *scratch, err *Error, rule *rules.FingerprintRule) rules.Values {
	v := rules.Values{Type: s.typ, Message: string(s.msg)}
	c := &s.chain
	for i := range c.trace.Exceptions {
		if f := rules.CrashFrame(c.framesOf(i)); f != nil {
			v.Function, v.Module = f.Function, f.Module
			break
		}
	}
	for _, p := range rule.Title {
		if p.Var == rules.Default {
			mark, rmark := len(s.parts.refs), len(s.readable)
			e.derive(s, err)
			v.Default = string(s.readable[rmark:])
			s.parts.truncate(mark)
			s.readable = s.readable[:rmark]
			break
		}
	}
	return v
}
