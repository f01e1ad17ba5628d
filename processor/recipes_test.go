package processor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// The recipes of the README, each tested with its exact YAML (testdata/recipes).
func recipeConfig(t *testing.T, name string) *Config {
	t.Helper()
	path := filepath.Join("..", "testdata", "recipes", name+".yaml")
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	require.Contains(t, string(readme), string(raw), "README.md must show %s verbatim", path)

	cm, err := confmaptest.LoadConf(path)
	require.NoError(t, err)
	sub, err := cm.Sub("processors::errorgrouping")
	require.NoError(t, err)
	cfg := defaultConfig()
	require.NoError(t, sub.Unmarshal(cfg))
	require.NoError(t, confmap.Validate(cfg))
	return cfg
}

func issueOf(m pcommon.Map) string { return attr(m, "error.issue.id") }

func TestRecipeDatadogFingerprintsOnly(t *testing.T) {
	out := spanAttrs(runProcessor(t, recipeConfig(t, "datadog-fingerprints-only"), makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.fingerprint": "checkout-timeout", "error.type": "Timeout"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "Timeout", "error.message": "no fingerprint"}},
	)))
	assert.Equal(t, "custom", attr(out[0], "error.issue.grouping"))
	assert.Empty(t, issueOf(out[1]), "errors without a fingerprint pass through unstamped")
}

const pgStack = `Traceback (most recent call last):
  File "/app/shop/%s.py", line 12, in %s
    conn = psycopg2.connect(DSN)
  File "/usr/lib/python3/dist-packages/psycopg2/__init__.py", line 122, in connect
    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)
psycopg2.OperationalError: could not connect to server: Connection refused
`

func TestRecipeMergeOneType(t *testing.T) {
	stack := func(file, fn string) string {
		return strings.Replace(strings.Replace(pgStack, "%s", file, 1), "%s", fn, 1)
	}
	out := spanAttrs(runProcessor(t, recipeConfig(t, "merge-one-type"), makeTraces(t,
		spanSpec{service: "shop", name: "a", attrs: map[string]any{"error.stack": stack("orders", "load")}},
		spanSpec{service: "shop", name: "b", attrs: map[string]any{"error.stack": stack("billing", "charge")}},
		spanSpec{service: "shop", name: "c", attrs: map[string]any{"error.type": "psycopg2.OperationalError", "error.message": "server closed the connection"}},
	)))
	assert.Equal(t, issueOf(out[0]), issueOf(out[1]), "two call sites, one connection issue")
	assert.Equal(t, "rule", attr(out[0], "error.issue.grouping"))
	assert.Equal(t, "Database connection error in shop", attr(out[0], "error.issue.title"))
	assert.NotEqual(t, issueOf(out[0]), issueOf(out[2]), "the message matcher keeps other errors of the type out")

	custom := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t,
		spanSpec{service: "shop", name: "a", attrs: map[string]any{"error.fingerprint": "database-connection-error"}})))
	assert.Equal(t, issueOf(out[0]), issueOf(custom[0]), "a rule's literal fingerprint equals the same fingerprint sent by the SDK")
}

const rpcStack = `Traceback (most recent call last):
  File "/app/shop/catalog.py", line 40, in fetch_product
    return stub.GetProduct(req)
  File "/usr/lib/python3/dist-packages/grpc/_channel.py", line 1030, in __call__
    return _end_unary_response_blocking(state, call, False, None)
grpc.RpcError: <_InactiveRpcError of RPC that terminated with status = StatusCode.UNAVAILABLE>
`

func TestRecipeSplitByFunctionAndStatus(t *testing.T) {
	rpc := func(method string, code int64) map[string]any {
		return map[string]any{"error.stack": rpcStack, "rpc.method": method, "rpc.grpc.status_code": code}
	}
	out := spanAttrs(runProcessor(t, recipeConfig(t, "split-by-function-and-status"), makeTraces(t,
		spanSpec{service: "shop", name: "op", attrs: rpc("GetProduct", 14)},
		spanSpec{service: "shop", name: "op", attrs: rpc("GetProduct", 14)},
		spanSpec{service: "shop", name: "op", attrs: rpc("GetProduct", 5)},
		spanSpec{service: "shop", name: "op", attrs: rpc("ListProducts", 14)},
	)))
	assert.Equal(t, issueOf(out[0]), issueOf(out[1]))
	assert.NotEqual(t, issueOf(out[0]), issueOf(out[2]), "another status code")
	assert.NotEqual(t, issueOf(out[0]), issueOf(out[3]), "another remote method")
	assert.True(t, strings.HasSuffix(attr(out[0], "error.issue.fingerprint"), " | GetProduct | 14"), attr(out[0], "error.issue.fingerprint"))
}

const jsPrivatePackageStack = `TypeError: Cannot read properties of undefined (reading 'amount')
    at toCents (/app/node_modules/@mycompany/money/index.js:12:20)
    at chargeOrder (/app/src/checkout.js:30:10)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`

func TestRecipeInApp(t *testing.T) {
	span := spanSpec{service: "checkout", name: "op", attrs: map[string]any{"error.stack": jsPrivatePackageStack}}
	before := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t, span)))
	after := spanAttrs(runProcessor(t, recipeConfig(t, "in-app"), makeTraces(t, span)))
	assert.Equal(t, "checkout.js in chargeOrder", attr(before[0], "error.issue.culprit"), "node_modules is third-party by default")
	assert.Equal(t, "@mycompany/money/index.js in toCents", attr(after[0], "error.issue.culprit"), "the company's package is its own code")
	assert.NotEqual(t, issueOf(before[0]), issueOf(after[0]))

	javaSpan := spanSpec{service: "orders", name: "op", attrs: map[string]any{"error.stack": "java.lang.IllegalStateException: closed\n" +
		"\tat com.mycompany.orders.OrderService.place(OrderService.java:20)\n\tat java.base/java.lang.Thread.run(Thread.java:840)\n"}}
	java := spanAttrs(runProcessor(t, recipeConfig(t, "in-app"), makeTraces(t, javaSpan)))
	assert.Equal(t, "com.mycompany.orders.OrderService in place", attr(java[0], "error.issue.culprit"))
}

func decoratedStack(decorated bool) string {
	frames := `  File "/app/shop/views.py", line 10, in checkout
    return charge(order)
`
	if decorated {
		frames += `  File "/app/shop/decorators.py", line 22, in with_retries
    return fn(*args, **kwargs)
`
	}
	return "Traceback (most recent call last):\n" + frames + `  File "/app/shop/payments.py", line 31, in charge
    raise PaymentDeclined(order.id)
shop.errors.PaymentDeclined: 42
`
}

func TestRecipeIgnoreDecorator(t *testing.T) {
	spans := makeTraces(t,
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.stack": decoratedStack(false)}},
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.stack": decoratedStack(true)}},
	)
	plain := spanAttrs(runProcessor(t, defaultConfig(), spans))
	assert.NotEqual(t, issueOf(plain[0]), issueOf(plain[1]), "without the rule the decorator's frame splits the issue")
	spans = makeTraces(t,
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.stack": decoratedStack(false)}},
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.stack": decoratedStack(true)}},
	)
	out := spanAttrs(runProcessor(t, recipeConfig(t, "ignore-decorator"), spans))
	assert.Equal(t, issueOf(out[0]), issueOf(out[1]))
}

func TestRecipeScopeByEnvironment(t *testing.T) {
	td := makeTraces(t,
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}},
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}},
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}},
	)
	for i, env := range []string{"production", "staging", "production"} {
		td.ResourceSpans().At(i).Resource().Attributes().PutStr("deployment.environment.name", env)
	}
	out := spanAttrs(runProcessor(t, recipeConfig(t, "scope-by-environment"), td))
	assert.NotEqual(t, issueOf(out[0]), issueOf(out[1]))
	assert.Equal(t, issueOf(out[0]), issueOf(out[2]))
}

func TestRecipeLeaveHealthChecksOut(t *testing.T) {
	out := spanAttrs(runProcessor(t, recipeConfig(t, "leave-health-checks-out"), makeTraces(t,
		spanSpec{service: "api", name: "GET /healthz", attrs: map[string]any{"error.type": "500"}},
		spanSpec{service: "api", name: "probe", attrs: map[string]any{"error.type": "500", "http.route": "/healthz"}},
		spanSpec{service: "api", name: "GET /orders", attrs: map[string]any{"error.type": "500"}},
	)))
	assert.Empty(t, issueOf(out[0]))
	assert.Empty(t, issueOf(out[1]))
	assert.NotEmpty(t, issueOf(out[2]))
}
