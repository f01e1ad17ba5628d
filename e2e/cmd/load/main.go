// Command load pushes a million spans, one in ten an error with a real stack trace from one of the seven
// languages, through the ocb-built collector on the same machine with the errorgrouping processor in the
// pipeline and without it, alternating for a few rounds so that a busy machine weighs on both alike. It
// counts every span that comes back by its id, samples the collector's memory, measures its CPU time, and
// prints a summary for the README. It exits non-zero when a span is lost or duplicated, or when an error
// span came back without an issue.
//
//	cd e2e && go run ./cmd/load        (make load)
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/errorgrouping/errorgrouping/e2e/internal/harness"
	"github.com/errorgrouping/errorgrouping/internal/benchdata"
)

func main() {
	spans := flag.Int("spans", 1_000_000, "spans per run")
	batch := flag.Int("batch", 1000, "spans per OTLP export request")
	senders := flag.Int("senders", 4, "concurrent OTLP clients")
	rounds := flag.Int("rounds", 3, "runs of each pipeline, alternating")
	flag.Parse()
	if err := run(harness.LoadOptions{Spans: *spans, BatchSize: *batch, Senders: *senders}, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// The pipelines compared: the same configuration without and with the processor.
var pipelines = [][]string{{"batch"}, {"errorgrouping", "batch"}}

type pipelineRun struct {
	name string
	res  *harness.LoadResult
}

func run(opts harness.LoadOptions, rounds int) error {
	root, err := harness.Root()
	if err != nil {
		return err
	}
	samples, err := benchdata.Load(filepath.Join(root, "testdata"))
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "building the collector (ocb) if any source changed ...")
	bin, err := harness.BuildCollector(root)
	if err != nil {
		return err
	}
	var runs []pipelineRun
	for round := 1; round <= rounds; round++ {
		for _, pipeline := range pipelines {
			name := strings.Join(pipeline, ", ")
			fmt.Fprintf(os.Stderr, "round %d, [%s]: %d spans ...\n", round, name, opts.Spans)
			dir, err := os.MkdirTemp("", "errorgrouping-load-")
			if err != nil {
				return err
			}
			opts.Processors = pipeline
			res, err := harness.RunLoad(bin, dir, samples, opts)
			_ = os.RemoveAll(dir)
			if err != nil {
				return fmt.Errorf("round %d, [%s]: %w", round, name, err)
			}
			runs = append(runs, pipelineRun{name, res})
		}
	}
	report(opts, len(samples), runs)
	return check(runs)
}

func report(opts harness.LoadOptions, samples int, runs []pipelineRun) {
	fmt.Printf("Load: %d spans per run (1 in 10 an error, stacks from %d real errors of 7 languages), "+
		"batches of %d spans, %d concurrent OTLP gRPC senders; %d CPUs, %s.\n\n",
		opts.Spans, samples, opts.BatchSize, opts.Senders, runtime.NumCPU(), time.Now().Format("2006-01-02"))
	fmt.Println("| pipeline | received | lost | duplicated | error spans stamped | wall | spans/s | collector CPU | CPU µs/span | collector RSS MiB at 10%, 20%, ... 100% of the spans |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range runs {
		res := r.res
		fmt.Printf("| %s | %d | %d | %d | %d of %d | %.1fs | %.0f | %.1fs | %.2f | %s |\n",
			r.name, res.Received, res.Lost, res.Duplicated+res.Unexpected, res.Stamped, res.ErrorSpans,
			res.Wall.Seconds(), throughput(res), res.CPU.Seconds(), cpuPerSpan(res), deciles(res))
	}
	base, with := pipelines[0], pipelines[1]
	baseTput, withTput := median(runs, base, throughput), median(runs, with, throughput)
	baseCPU, withCPU := median(runs, base, cpuPerSpan), median(runs, with, cpuPerSpan)
	fmt.Printf("\nMedians: [%s] %.0f spans/s, %.2f µs CPU/span; [%s] %.0f spans/s, %.2f µs CPU/span.\n",
		strings.Join(base, ", "), baseTput, baseCPU, strings.Join(with, ", "), withTput, withCPU)
	fmt.Printf("With errorgrouping / without: throughput %.2fx, collector CPU per span %.2fx "+
		"(+%.2f µs per span, +%.1f µs per error span).\n",
		withTput/baseTput, withCPU/baseCPU, withCPU-baseCPU, (withCPU-baseCPU)*harness.SpansPerTrace)
}

// median is the median of f over the runs of pipeline.
func median(runs []pipelineRun, pipeline []string, f func(*harness.LoadResult) float64) float64 {
	var vs []float64
	for _, r := range runs {
		if r.name == strings.Join(pipeline, ", ") {
			vs = append(vs, f(r.res))
		}
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		return 0
	}
	if len(vs)%2 == 1 {
		return vs[len(vs)/2]
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
}

func throughput(r *harness.LoadResult) float64 { return float64(r.Received) / r.Wall.Seconds() }

func cpuPerSpan(r *harness.LoadResult) float64 {
	return float64(r.CPU.Microseconds()) / float64(max(r.Received, 1))
}

// deciles lists the collector's resident memory when each tenth of the spans had come back.
func deciles(r *harness.LoadResult) string {
	var out []string
	i := 0
	for d := 1; d <= 10 && len(r.RSS) > 0; d++ {
		for i < len(r.RSS)-1 && r.RSS[i].Received < r.Received*d/10 {
			i++
		}
		out = append(out, fmt.Sprintf("%.0f", float64(r.RSS[i].Bytes)/(1<<20)))
	}
	return strings.Join(out, " ")
}

func check(runs []pipelineRun) error {
	var problems []string
	for _, r := range runs {
		res := r.res
		if res.Lost+res.Duplicated+res.Unexpected > 0 {
			problems = append(problems, fmt.Sprintf("[%s] lost %d, duplicated %d, unexpected %d spans",
				r.name, res.Lost, res.Duplicated, res.Unexpected))
		}
		want := 0
		if strings.Contains(r.name, "errorgrouping") {
			want = res.ErrorSpans
		}
		if res.Stamped != want || res.StampedHealthy > 0 {
			problems = append(problems, fmt.Sprintf("[%s] %d of %d error spans and %d healthy spans stamped",
				r.name, res.Stamped, res.ErrorSpans, res.StampedHealthy))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}
