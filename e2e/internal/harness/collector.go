// Package harness runs the ocb-built collector the way users run it: it builds the binary from
// builder-config.yaml, writes a configuration with loopback ports, starts the process, and reads its
// internal metrics and its resource usage from /proc.
package harness

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// binaryName is dist.name in builder-config.yaml.
const binaryName = "otelcol-errorgrouping"

// Root finds the repository root (the directory holding builder-config.yaml) from the working directory.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "builder-config.yaml")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("builder-config.yaml not found above the working directory")
		}
		dir = parent
	}
}

// BuildCollector returns the path of the collector that ocb builds from root's builder-config.yaml. It
// reuses root/_build when the binary is newer than every file the build reads, and builds it otherwise.
func BuildCollector(root string) (string, error) {
	bin := filepath.Join(root, "_build", binaryName)
	if fi, err := os.Stat(bin); err == nil {
		newer, err := newestSource(root)
		if err != nil {
			return "", err
		}
		if fi.ModTime().After(newer) {
			return bin, nil
		}
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "build-collector.sh"))
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("ocb build failed: %w\n%s", err, out)
	}
	return bin, nil
}

// newestSource is the latest modification time of the component's Go sources, go.mod, go.sum and the
// builder manifest; tests, the end-to-end module, build outputs and test data do not go into the collector.
func newestSource(root string) (time.Time, error) {
	var newest time.Time
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "e2e" || name == "testdata" || name == "node_modules" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) || name == "go.mod" || name == "go.sum" || name == "builder-config.yaml" {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			if fi.ModTime().After(newest) {
				newest = fi.ModTime()
			}
		}
		return nil
	})
	return newest, err
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Options configure one collector instance.
type Options struct {
	// Processors of the traces and logs pipelines, in order, for example [errorgrouping, batch].
	Processors []string
	// ExportTo is the OTLP gRPC endpoint the collector exports to.
	ExportTo string
}

// configTemplate is the test configuration: OTLP in and out on loopback, internal metrics on a Prometheus
// endpoint. The exporter's queue holds at most 100,000 spans and blocks instead of dropping when it is
// full, so a fast sender meets back pressure rather than loss, and the collector's memory stays bounded.
// An export that times out is retried although the backend may already have it, so the timeout is long
// enough for a sink slowed down by the race detector: otherwise spans would arrive twice.
const configTemplate = `receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:%[1]d

processors:
  errorgrouping:
  batch:
    timeout: 200ms

exporters:
  otlp_grpc:
    endpoint: %[2]s
    tls:
      insecure: true
    timeout: 60s
    sending_queue:
      sizer: items
      queue_size: 100000
      block_on_overflow: true

service:
  telemetry:
    logs:
      level: info
    metrics:
      level: normal
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: %[3]d
  pipelines:
    traces:
      receivers: [otlp]
      processors: [%[4]s]
      exporters: [otlp_grpc]
    logs:
      receivers: [otlp]
      processors: [%[4]s]
      exporters: [otlp_grpc]
`

// Collector is a running collector process.
type Collector struct {
	// Endpoint is the OTLP gRPC receiver's address.
	Endpoint    string
	metricsPort int
	cmd         *exec.Cmd
	log         *syncBuffer
	exited      chan struct{}
}

// StartCollector writes a configuration into dir and starts bin with it. It returns once the collector
// says it is ready.
func StartCollector(bin, dir string, opts Options) (*Collector, error) {
	otlpPort, err := FreePort()
	if err != nil {
		return nil, err
	}
	metricsPort, err := FreePort()
	if err != nil {
		return nil, err
	}
	cfg := fmt.Sprintf(configTemplate, otlpPort, opts.ExportTo, metricsPort, strings.Join(opts.Processors, ", "))
	path := filepath.Join(dir, "collector.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	c := &Collector{
		Endpoint:    fmt.Sprintf("127.0.0.1:%d", otlpPort),
		metricsPort: metricsPort,
		cmd:         exec.Command(bin, "--config", path),
		log:         &syncBuffer{},
		exited:      make(chan struct{}),
	}
	c.cmd.Stdout, c.cmd.Stderr = c.log, c.log
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = c.cmd.Wait(); close(c.exited) }()
	deadline := time.After(time.Minute)
	for !strings.Contains(c.Log(), "Everything is ready") {
		select {
		case <-c.exited:
			return nil, fmt.Errorf("collector exited at startup:\n%s", c.Log())
		case <-deadline:
			_ = c.Stop()
			return nil, fmt.Errorf("collector not ready after a minute:\n%s", c.Log())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return c, nil
}

// Log is everything the collector printed so far.
func (c *Collector) Log() string { return c.log.String() }

// Stop asks the collector to shut down, which flushes its pipelines, and kills it if it has not exited
// within 30 seconds.
func (c *Collector) Stop() error {
	select {
	case <-c.exited:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
		return nil
	case <-time.After(30 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return errors.New("collector did not stop within 30s after SIGTERM")
	}
}

// Metrics scrapes the collector's internal metrics in the Prometheus text format.
func (c *Collector) Metrics() (string, error) {
	resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/metrics", c.metricsPort))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("metrics endpoint: %s", resp.Status)
	}
	return string(b), nil
}

// Usage is what the collector process has consumed so far.
type Usage struct {
	CPU      time.Duration // user plus system time of all its threads
	RSSBytes int64         // resident set size
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on every Linux architecture Go supports.
const clockTicks = 100

// Usage reads the collector's CPU time from /proc/<pid>/stat and its resident set size from
// /proc/<pid>/status.
func (c *Collector) Usage() (Usage, error) {
	pid := c.cmd.Process.Pid
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return Usage{}, err
	}
	// Fields after the parenthesised command name: state is the first, utime the 12th, stime the 13th.
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(fields) < 13 {
		return Usage{}, fmt.Errorf("unexpected /proc/%d/stat: %q", pid, stat)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return Usage{}, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return Usage{}, err
	}
	var rssKiB int64
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rssKiB, err = strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return Usage{}, err
			}
		}
	}
	return Usage{CPU: time.Duration(utime+stime) * time.Second / clockTicks, RSSBytes: rssKiB << 10}, nil
}

// syncBuffer collects the collector's output, written by the process's copy goroutines and read by tests.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
