package processor

import (
	"context"

	"go.opentelemetry.io/collector/pdata/plog"
)

// processLogs stamps log records that carry an exception (OpenTelemetry exception.* attributes, the
// semantic conventions' way forward) or Datadog-style error.* attributes. The operation of a log record is
// its event name.
func (p *errorGrouping) processLogs(ctx context.Context, ld plog.Logs) (plog.Logs, error) {
	var stats batchStats
	rls := ld.ResourceLogs()
	for i := 0; i < rls.Len(); i++ {
		rl := rls.At(i)
		var res resourceInfo
		sls := rl.ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			records := sls.At(j).LogRecords()
			for k := 0; k < records.Len(); k++ {
				lr := records.At(k)
				var in errorInput
				if !in.readAttributes(lr.Attributes(), p.names) {
					continue
				}
				res.load(rl.Resource().Attributes(), p.cfg.ScopeKeys, p.rules)
				if !p.tracked(&in, &res, lr.EventName(), lr.Attributes()) {
					continue
				}
				issue, ok := p.group(&in, &res, lr.EventName(), lr.Attributes())
				if !ok {
					continue
				}
				p.stamp(lr.Attributes(), &issue)
				stats.count(&in, &issue, res.language)
			}
		}
	}
	p.record(ctx, signalLogs, &stats)
	return ld, nil
}
