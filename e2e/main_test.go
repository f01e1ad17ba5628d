// Package e2e tests the errorgrouping processor where users run it: in a collector built by ocb from
// builder-config.yaml, fed over OTLP by programs instrumented with the OpenTelemetry Go and Node.js SDKs,
// exporting to an OTLP gRPC server that the tests run. It is a module of its own so that the SDKs never
// enter the component's go.mod.
package e2e

import (
	"fmt"
	"os"
	"testing"

	"github.com/errorgrouping/errorgrouping/e2e/internal/harness"
)

var (
	// root is the repository root.
	root string
	// collectorBin is the ocb-built collector, built once for all tests.
	collectorBin string
)

func TestMain(m *testing.M) {
	var err error
	if root, err = harness.Root(); err == nil {
		collectorBin, err = harness.BuildCollector(root)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// startCollector starts a collector with the given processors that exports into rec, and stops it when the
// test ends, printing its log if the test failed.
func startCollector(t *testing.T, rec *harness.Recorder, processors ...string) *harness.Collector {
	t.Helper()
	sink, err := harness.StartSink(rec.Consumers())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sink.Stop)
	col, err := harness.StartCollector(collectorBin, t.TempDir(), harness.Options{Processors: processors, ExportTo: sink.Addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := col.Stop(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("collector log:\n%s", col.Log())
		}
	})
	return col
}
