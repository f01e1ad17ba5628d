//go:build tools

// Package tools pins the code generators in a module of their own, so that mdatagen's older collector
// dependencies never enter the component's go.mod.
package tools

import (
	_ "go.opentelemetry.io/collector/cmd/mdatagen"
)
