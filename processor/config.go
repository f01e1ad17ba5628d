package processor

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.opentelemetry.io/collector/component"

	"github.com/errorgrouping/errorgrouping/internal/grouping"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Config is the errorgrouping processor's configuration.
type Config struct {
	// GroupingVersion selects the grouping algorithm. Issue ids are stable within a version.
	GroupingVersion int `mapstructure:"grouping_version"`
	// ScopeKeys are resource attributes that scope issues in addition to service.name, for example
	// deployment.environment.name: the same error in two environments becomes two issues.
	ScopeKeys []string `mapstructure:"scope_keys"`
	// MaxStackBytes caps how much of a stack trace is examined.
	MaxStackBytes int `mapstructure:"max_stack_bytes"`
	// MaxFrames is how many contributing frames each exception of a chain gives, from the crash site.
	MaxFrames int `mapstructure:"max_frames"`
	// MaxTitleLength caps error.issue.title in bytes.
	MaxTitleLength int `mapstructure:"max_title_length"`
	// MarkOccurrences marks, within a batch, the error spans that are propagated copies of one failure
	// (same trace, service and issue, one the ancestor of the other): the top-most gets
	// attributes.occurrence true, its copies false.
	MarkOccurrences bool `mapstructure:"mark_occurrences"`
	// Attributes names the attributes the processor stamps.
	Attributes OutputAttributes `mapstructure:"attributes"`

	_ struct{}
}

// OutputAttributes are the names of the stamped attributes.
type OutputAttributes struct {
	IssueID     string `mapstructure:"issue_id"`
	Fingerprint string `mapstructure:"fingerprint"`
	Grouping    string `mapstructure:"grouping"`
	Title       string `mapstructure:"title"`
	Culprit     string `mapstructure:"culprit"`
	Occurrence  string `mapstructure:"occurrence"`

	_ struct{}
}

var _ component.Config = (*Config)(nil)

func createDefaultConfig() component.Config {
	return &Config{
		GroupingVersion: grouping.LatestVersion,
		MaxStackBytes:   stack.DefaultMaxBytes,
		MaxFrames:       grouping.DefaultMaxFrames,
		MarkOccurrences: true,
		MaxTitleLength:  grouping.DefaultMaxTitleLength,
		Attributes: OutputAttributes{
			IssueID:     "error.issue.id",
			Fingerprint: "error.issue.fingerprint",
			Grouping:    "error.issue.grouping",
			Title:       "error.issue.title",
			Culprit:     "error.issue.culprit",
			Occurrence:  "error.issue.occurrence",
		},
	}
}

// maxStackBytesLimit keeps a misconfiguration from turning every error span into megabytes of scanning.
const maxStackBytesLimit = 1 << 20

// maxFramesLimit bounds the fingerprint's size; deeper frames are framework plumbing in practice.
const maxFramesLimit = 100

// Validate checks the configuration at startup; every message names the offending field.
func (c *Config) Validate() error {
	var errs []error
	if !slices.Contains(grouping.Versions, c.GroupingVersion) {
		errs = append(errs, fmt.Errorf("grouping_version: %d is not a grouping version this build knows (known: %v)",
			c.GroupingVersion, grouping.Versions))
	}
	if c.MaxStackBytes < 256 || c.MaxStackBytes > maxStackBytesLimit {
		errs = append(errs, fmt.Errorf("max_stack_bytes: %d is out of range: use 256 to %d", c.MaxStackBytes, maxStackBytesLimit))
	}
	if c.MaxFrames < 1 || c.MaxFrames > maxFramesLimit {
		errs = append(errs, fmt.Errorf("max_frames: %d is out of range: use 1 to %d", c.MaxFrames, maxFramesLimit))
	}
	if c.MaxTitleLength < 16 {
		errs = append(errs, fmt.Errorf("max_title_length: %d is too short: use at least 16", c.MaxTitleLength))
	}
	seen := map[string]string{}
	for i, key := range c.ScopeKeys {
		field := fmt.Sprintf("scope_keys[%d]", i)
		switch {
		case strings.TrimSpace(key) == "":
			errs = append(errs, fmt.Errorf("%s: must not be empty", field))
		case key == "service.name":
			errs = append(errs, fmt.Errorf("%s: service.name always scopes issues; remove it", field))
		case seen[key] != "":
			errs = append(errs, fmt.Errorf("%s: %q is already listed at %s", field, key, seen[key]))
		default:
			seen[key] = field
		}
	}
	errs = append(errs, c.Attributes.validate()...)
	return errors.Join(errs...)
}

func (a *OutputAttributes) validate() []error {
	var errs []error
	seen := map[string]string{}
	for _, f := range []struct{ field, name string }{
		{"attributes.issue_id", a.IssueID},
		{"attributes.fingerprint", a.Fingerprint},
		{"attributes.grouping", a.Grouping},
		{"attributes.title", a.Title},
		{"attributes.culprit", a.Culprit},
		{"attributes.occurrence", a.Occurrence},
	} {
		switch {
		case strings.TrimSpace(f.name) == "":
			errs = append(errs, fmt.Errorf("%s: must name an attribute", f.field))
		case slices.Contains(inputAttributes, f.name):
			errs = append(errs, fmt.Errorf("%s: %q is an attribute the processor reads and never overwrites", f.field, f.name))
		case seen[f.name] != "":
			errs = append(errs, fmt.Errorf("%s: %q is already used by %s", f.field, f.name, seen[f.name]))
		default:
			seen[f.name] = f.field
		}
	}
	return errs
}
