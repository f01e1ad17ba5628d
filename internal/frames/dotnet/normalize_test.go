package dotnet

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/frames/framestest"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
	parser "github.com/errorgrouping/errorgrouping/internal/stackparse/dotnet"
)

// parseFrame parses one frame line as the parser does inside a real trace.
func parseFrame(t *testing.T, line string) stack.Frame {
	t.Helper()
	var tr stack.Trace
	parser.Parse(line, stack.Options{}, &tr)
	if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
		t.Fatalf("%q does not parse as one frame", line)
	}
	return tr.Exceptions[0].Frames[0]
}

func TestNormalize(t *testing.T) {
	const (
		inApp   = "in-app"
		third   = "not in-app"
		ignored = "ignored"
	)
	tests := []struct {
		line, module, function, kind string
	}{
		// Async: .NET Core 2.1+ prints the method, .NET Framework and NativeAOT the state machine.
		{"   at Acme.Shop.Orders.OrderService.GetAsync(Int32 id, CancellationToken ct) in /src/Acme.Shop/Orders/OrderService.cs:line 42",
			"Acme.Shop.Orders.OrderService", "GetAsync", inApp},
		{`   at Acme.Shop.Orders.OrderService.<GetAsync>d__3.MoveNext() in C:\agent\_work\1\s\Acme.Shop\Orders\OrderService.cs:line 42`,
			"Acme.Shop.Orders.OrderService", "GetAsync", inApp},
		{"   at Acme.Shop.Orders.OrderService.<GetAsync>d__7.MoveNext()", "Acme.Shop.Orders.OrderService", "GetAsync", inApp},
		{"   at Acme.Edge.Agent.Uploader.<FlushAsync>d__9.MoveNext() + 0x1f0", "Acme.Edge.Agent.Uploader", "FlushAsync", inApp},
		// Iterators: .NET Core 3.0+ appends "+MoveNext()" to the method, .NET Framework prints the state machine.
		{"   at Acme.Batch.Enricher.Candidates(Int32 count)+MoveNext() in C:\\build\\Acme.Batch\\Enricher.cs:line 40", "Acme.Batch.Enricher", "Candidates", inApp},
		{"   at Acme.Batch.Enricher.<Candidates>d__2.MoveNext() in C:\\build\\Acme.Batch\\Enricher.cs:line 40", "Acme.Batch.Enricher", "Candidates", inApp},
		{"   at Dapper.SqlMapper.<QueryImpl>d__140`1.MoveNext() in /_/Dapper/SqlMapper.cs:line 1075", "Dapper.SqlMapper", "QueryImpl", third},
		{"   at AspNetCore._Views_Account_Profile_cshtml.<ExecuteAsync>d__27.MoveNext() in /app/Views/Account/Profile.cshtml:line 14",
			"AspNetCore._Views_Account_Profile_cshtml", "ExecuteAsync", inApp},
		// Lambdas: display class, static lambda cache, instance lambda, async lambda state machine.
		{"   at Acme.Shop.Api.OrdersController.<>c__DisplayClass3_0.<Get>b__0()", "Acme.Shop.Api.OrdersController", "Get.<lambda>", inApp},
		{"   at Acme.Shop.Api.OrdersController.<>c__DisplayClass5_1.<Get>b__2()", "Acme.Shop.Api.OrdersController", "Get.<lambda>", inApp},
		{"   at Acme.Shop.Api.OrdersController.<>c.<Get>b__3_0(Order o)", "Acme.Shop.Api.OrdersController", "Get.<lambda>", inApp},
		{"   at Acme.Catalog.Sync.CatalogImporter.<RunAsync>b__7_1() in D:\\a\\catalog-sync\\catalog-sync\\src\\CatalogImporter.cs:line 112",
			"Acme.Catalog.Sync.CatalogImporter", "RunAsync.<lambda>", inApp},
		{"   at Acme.Shop.Api.Endpoints.CartEndpoints.<>c.<<MapCart>b__0_2>d.MoveNext() in /src/Acme.Shop.Api/Endpoints/CartEndpoints.cs:line 48",
			"Acme.Shop.Api.Endpoints.CartEndpoints", "MapCart.<lambda>", inApp},
		{"   at Acme.Reports.Service.JobHost.<>c__DisplayClass5_0`1.<Start>b__0(Object _)", "Acme.Reports.Service.JobHost", "Start.<lambda>", inApp},
		// Local functions, top-level statements and the async Main entry point.
		{"   at Acme.Shop.Orders.OrderService.<GetAsync>g__Load|4_0(Int32 id)", "Acme.Shop.Orders.OrderService", "GetAsync.Load", inApp},
		{"   at Program.<<Main>$>g__LoadSettings|0_0(String tenant) in /home/dev/acme-tool/Program.cs:line 14", "Program", "Main.LoadSettings", inApp},
		{"   at Program.<<Main>$>g__LoadSettings|2_1(String tenant)", "Program", "Main.LoadSettings", inApp},
		{"   at Program.<<<Main>$>g__LoadSettingsAsync|0_0>d.MoveNext() + 0x104", "Program", "Main.LoadSettingsAsync", inApp},
		{"   at Program.<Main>$(String[] args) in /home/dev/acme-tool/Program.cs:line 6", "Program", "Main", inApp},
		{"   at Program.<<Main>$>d__0.MoveNext() + 0x66", "Program", "Main", inApp},
		{"   at Program.<Main>(String[] args)", "Program", "Main", inApp},
		// Constructors, nested and generic types, explicit interface implementations.
		{"   at Acme.Shop.Infrastructure.Cache.MemoizingCache`2+Entry..ctor(TKey key, Func`1 factory)",
			"Acme.Shop.Infrastructure.Cache.MemoizingCache`2+Entry", ".ctor", inApp},
		{`   at Acme.Billing.Config.BillingSettings..cctor() in C:\agent\_work\7\s\src\Acme.Billing\Config\BillingSettings.cs:line 22`,
			"Acme.Billing.Config.BillingSettings", ".cctor", inApp},
		{"   at Acme.Batch.Pipeline.RunStage[T](Int32 count) in C:\\build\\Acme.Batch\\Pipeline.cs:line 80", "Acme.Batch.Pipeline", "RunStage", inApp},
		{"   at Acme.Io.LoggingStream.System.IDisposable.Dispose()", "Acme.Io.LoggingStream.System.IDisposable", "Dispose", inApp},
		// Host cultures: the words differ, the frame does not.
		{`   bei Acme.Lager.Bestand.BestandCache.Hole(String artikelNummer) in C:\Build\Acme.Lager\Bestand\BestandCache.cs:Zeile 41`,
			"Acme.Lager.Bestand.BestandCache", "Hole", inApp},
		{`   à Acme.Tarifs.Import.Lecteur.<>c__DisplayClass4_0.<Charger>b__1(String ligne) dans C:\Projets\Acme.Tarifs\Import\Lecteur.cs:ligne 77`,
			"Acme.Tarifs.Import.Lecteur", "Charger.<lambda>", inApp},
		{`   bei Acme.Lager.Web.Controllers.BestandController.<Abfragen>d__3.MoveNext() in C:\Build\Acme.Lager.Web\Controllers\BestandController.cs:Zeile 29`,
			"Acme.Lager.Web.Controllers.BestandController", "Abfragen", inApp},
		// VB and F# compiler-generated names.
		{"   at Acme.Legacy.OrderService.VB$StateMachine_3_GetAsync.MoveNext()", "Acme.Legacy.OrderService", "GetAsync", inApp},
		{"   at Acme.Legacy.OrderForm._Closure$__12-0._Lambda$__1(Object a0)", "Acme.Legacy.OrderForm", "<lambda>", inApp},
		{"   at Acme.Pricing.Rules.applyDiscount@42-3.Invoke(Unit unitVar)", "Acme.Pricing.Rules.applyDiscount", "Invoke", inApp},
		// Runtime and libraries: not in-app, still contributing when no frame is in-app.
		{"   at System.Linq.Enumerable.First[TSource](IEnumerable`1 source, Func`2 predicate)", "System.Linq.Enumerable", "First", third},
		{"   at System.Collections.Generic.Dictionary`2.get_Item(TKey key)", "System.Collections.Generic.Dictionary`2", "get_Item", third},
		{"   at Microsoft.EntityFrameworkCore.DbContext.SaveChangesAsync(Boolean acceptAllChangesOnSuccess, CancellationToken cancellationToken)",
			"Microsoft.EntityFrameworkCore.DbContext", "SaveChangesAsync", third},
		{"   at Microsoft.Data.SqlClient.SqlCommand.<>c.<ExecuteDbDataReaderAsync>b__209_0(Task`1 result)",
			"Microsoft.Data.SqlClient.SqlCommand", "ExecuteDbDataReaderAsync.<lambda>", third},
		{"   at Newtonsoft.Json.JsonTextReader.ParseValue()", "Newtonsoft.Json.JsonTextReader", "ParseValue", third},
		{"   at Npgsql.NpgsqlConnector.ReadMessageLong(Boolean async, DataRowLoadingMode dataRowLoadingMode, Boolean readingNotifications, Boolean isReadingPrependedMessage)",
			"Npgsql.NpgsqlConnector", "ReadMessageLong", third},
		{"   at MediatR.Wrappers.RequestHandlerWrapperImpl`2.<>c__DisplayClass1_0.<<Handle>g__Handler|0>d.MoveNext()",
			"MediatR.Wrappers.RequestHandlerWrapperImpl`2", "Handle.Handler", third},
		{"   at Swashbuckle.AspNetCore.SwaggerUI.SwaggerUIMiddleware.Invoke(HttpContext httpContext)", "Swashbuckle.AspNetCore.SwaggerUI.SwaggerUIMiddleware", "Invoke", third},
		{"   at System.Foo()", "System", "Foo", third},
		// Noise: expression trees, reflection, proxies, async and thread machinery, throw helpers, dispatch.
		{"   at lambda_method318(Closure, Object, Object[])", "", "lambda_method318", ignored},
		{"   at lambda_method(Closure , ControllerBase , Object[] )", "", "lambda_method", ignored},
		{"   at System.Runtime.CompilerServices.TaskAwaiter.HandleNonSuccessAndDebuggerNotification(Task task)",
			"System.Runtime.CompilerServices.TaskAwaiter", "HandleNonSuccessAndDebuggerNotification", ignored},
		{"   at System.Runtime.CompilerServices.AsyncMethodBuilderCore.Start[TStateMachine](TStateMachine& stateMachine)",
			"System.Runtime.CompilerServices.AsyncMethodBuilderCore", "Start", ignored},
		{"   at System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw()", "System.Runtime.ExceptionServices.ExceptionDispatchInfo", "Throw", ignored},
		{"   at System.Threading.ExecutionContext.RunInternal(ExecutionContext executionContext, ContextCallback callback, Object state)",
			"System.Threading.ExecutionContext", "RunInternal", ignored},
		{"   at System.Threading.Tasks.Task.<>c.<.cctor>b__272_0(Object obj)", "System.Threading.Tasks.Task", ".cctor.<lambda>", ignored},
		{"   at System.Threading.ThreadHelper.ThreadStart()", "System.Threading.ThreadHelper", "ThreadStart", ignored},
		{"   at System.ThrowHelper.ThrowKeyNotFoundException()", "System.ThrowHelper", "ThrowKeyNotFoundException", ignored},
		{"   at System.ArgumentNullException.ThrowIfNull(Object argument, String paramName)", "System.ArgumentNullException", "ThrowIfNull", ignored},
		{"   at System.RuntimeMethodHandle.InvokeMethod(Object target, Object[] arguments, Signature sig, Boolean constructor)",
			"System.RuntimeMethodHandle", "InvokeMethod", ignored},
		{"   at System.Reflection.RuntimeMethodInfo.Invoke(Object obj, BindingFlags invokeAttr, Binder binder, Object[] parameters, CultureInfo culture)",
			"System.Reflection.RuntimeMethodInfo", "Invoke", ignored},
		{"   at System.Reflection.MethodBaseInvoker.InvokeWithNoArgs(Object obj, BindingFlags invokeAttr)", "System.Reflection.MethodBaseInvoker", "InvokeWithNoArgs", ignored},
		{"   at InvokeStub_Program.Main(Object, Object, IntPtr*)", "InvokeStub_Program", "Main", ignored},
		{"   at Castle.Proxies.IOrderServiceProxy.GetAsync(Int32 id)", "Castle.Proxies.IOrderServiceProxy", "GetAsync", ignored},
		{"   at Castle.DynamicProxy.AbstractInvocation.Proceed()", "Castle.DynamicProxy.AbstractInvocation", "Proceed", ignored},
		{"   at generatedProxy_5.GetAsync(Int32)", "generatedProxy_5", "GetAsync", ignored},
		{"   at CallSite.Target(Closure , CallSite , Object )", "CallSite", "Target", ignored},
		{"   at ILStubClass.IL_STUB_PInvoke(IntPtr, Int32)", "ILStubClass", "IL_STUB_PInvoke", ignored},
		{"   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.<InvokeActionMethodAsync>g__Awaited|12_0(ControllerActionInvoker invoker, ValueTask`1 actionResultValueTask)",
			"Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker", "InvokeActionMethodAsync.Awaited", ignored},
		{"   at Microsoft.AspNetCore.Mvc.Internal.ControllerActionInvoker.<InvokeAsync>d__20.MoveNext()",
			"Microsoft.AspNetCore.Mvc.Internal.ControllerActionInvoker", "InvokeAsync", ignored},
		{"   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor.Execute(ActionContext actionContext, IActionResultTypeMapper mapper, ObjectMethodExecutor executor, Object controller, Object[] arguments)",
			"Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor", "Execute", ignored},
		{"   at Microsoft.AspNetCore.Routing.EndpointMiddleware.<Invoke>g__AwaitRequestTask|7_0(Endpoint endpoint, Task requestTask, ILogger logger)",
			"Microsoft.AspNetCore.Routing.EndpointMiddleware", "Invoke.AwaitRequestTask", ignored},
		{"   at Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddlewareImpl.Invoke(HttpContext context)",
			"Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddlewareImpl", "Invoke", ignored},
		{"   at Microsoft.AspNetCore.Http.RequestDelegateFactory.ExecuteTaskResult[T](Task`1 task, HttpContext httpContext)",
			"Microsoft.AspNetCore.Http.RequestDelegateFactory", "ExecuteTaskResult", ignored},
		{"   at Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol.ProcessRequests[TContext](IHttpApplication`1 application)",
			"Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpProtocol", "ProcessRequests", ignored},
		{"   at Microsoft.Extensions.Internal.ObjectMethodExecutor.Execute(Object target, Object[] parameters)",
			"Microsoft.Extensions.Internal.ObjectMethodExecutor", "Execute", ignored},
		{"   at System.Web.Mvc.Async.AsyncControllerActionInvoker.EndInvokeActionMethod(IAsyncResult asyncResult)",
			"System.Web.Mvc.Async.AsyncControllerActionInvoker", "EndInvokeActionMethod", ignored},
		{"   at System.Web.Http.Filters.ActionFilterAttribute.<CallOnActionExecutedAsync>d__6.MoveNext()",
			"System.Web.Http.Filters.ActionFilterAttribute", "CallOnActionExecutedAsync", ignored},
		{"   at Datadog.Trace.ClrProfiler.CallTarget.CallTargetInvoker.EndMethod[TIntegration,TTarget,TReturn](TReturn returnValue, Exception exception, CallTargetState& state)",
			"Datadog.Trace.ClrProfiler.CallTarget.CallTargetInvoker", "EndMethod", ignored},
	}
	for _, tc := range tests {
		f := parseFrame(t, tc.line)
		var got frames.Frame
		Normalize(&f, &got)
		kind := inApp
		switch {
		case got.Ignored:
			kind = ignored
		case !got.InApp:
			kind = third
		}
		if got.Module != tc.module || got.Function != tc.function || kind != tc.kind {
			t.Errorf("%s\n got (%q, %q, %s, %q)\nwant (%q, %q, %s)", tc.line, got.Module, got.Function, kind, got.Reason,
				tc.module, tc.function, tc.kind)
		}
		if (kind == inApp) != (got.Reason == "") {
			t.Errorf("%s: reason %q for kind %s", tc.line, got.Reason, kind)
		}
	}
}

// TestOddNames feeds names no compiler prints: the normaliser must neither panic nor loop.
func TestOddNames(t *testing.T) {
	names := []string{"", "<", ">", "<>", "<<", ">>", "<a", "a>", "<>c", "<a>", "<a>d", "<a>b", "<a>g__", "<a>g__|", "<<a>", "<<>>d",
		"A.", ".A", "A.<", "A.<>c.", "A.<a>d__1.", "VB$StateMachine_", "VB$StateMachine_3", "_Closure$__", "a@", "a@1", "@1", "System",
		"Microsoft", "System.", strings.Repeat("<", 100) + "a" + strings.Repeat(">d", 100)}
	for _, m := range names {
		for _, fn := range names {
			var out frames.Frame
			Normalize(&stack.Frame{Module: m, Function: fn}, &out)
		}
	}
}

// TestFixturesReduced checks every frame of the parser fixtures and of the invariance suite: no
// compiler-generated counter survives in an application frame.
func TestFixturesReduced(t *testing.T) {
	for _, path := range stackFiles(t) {
		tr := framestest.ParseFile(t, parser.Parse, path)
		for i := range tr.Exceptions {
			for j := range tr.Exceptions[i].Frames {
				var f frames.Frame
				Normalize(&tr.Exceptions[i].Frames[j], &f)
				if !f.InApp {
					continue
				}
				for _, generated := range []string{"d__", "b__", "g__", "DisplayClass", "|", "lambda_method", "MoveNext"} {
					if strings.Contains(f.Module, generated) || strings.Contains(f.Function, generated) {
						t.Errorf("%s: %q in (%q, %q) from %q", filepath.Base(path), generated, f.Module, f.Function, tr.Exceptions[i].Frames[j].Raw)
					}
				}
			}
		}
	}
}

func TestNoAllocation(t *testing.T) {
	for _, tc := range []struct {
		line   string
		allocs float64
	}{
		{"   at Acme.Shop.Orders.OrderService.<GetAsync>d__3.MoveNext() in /src/OrderService.cs:line 42", 0},
		{"   at Microsoft.AspNetCore.Mvc.Infrastructure.ControllerActionInvoker.InvokeInnerFilterAsync()", 0},
		{"   at Newtonsoft.Json.JsonTextReader.ParseValue()", 0},
		{"   at Acme.Shop.Api.OrdersController.<>c__DisplayClass3_0.<Get>b__0()", 1},
	} {
		f := parseFrame(t, tc.line)
		var out frames.Frame
		if got := testing.AllocsPerRun(100, func() { Normalize(&f, &out) }); got != tc.allocs {
			t.Errorf("%s: %v allocations, want %v", tc.line, got, tc.allocs)
		}
	}
}

// TestInvariance checks testdata/invariance/dotnet/cases.json at the frame level: every "same" variant
// contributes what its base does, every "different" variant that changes the stack does not. What a stack
// contributes is each exception's type (the reported one's from error.type, as the engine does) and its
// selected (Module, Function) frames, at most 12.
func TestInvariance(t *testing.T) {
	framestest.Suite{Dir: framestest.Dir(t, "dotnet"), Language: "dotnet", Parse: parser.Parse, Normalize: Normalize,
		Caps: []int{12}, Types: framestest.ReportedType}.Run(t)
}

func stackFiles(tb testing.TB) []string {
	fixtures := stacktest.FixtureDir(tb, "dotnet")
	paths, _ := filepath.Glob(filepath.Join(fixtures, "*.txt"))
	more, _ := filepath.Glob(filepath.Join(fixtures, "..", "..", "invariance", "dotnet", "*", "*.txt"))
	return append(paths, more...)
}

// BenchmarkNormalize normalises every frame of the fixtures and the invariance suite.
func BenchmarkNormalize(b *testing.B) {
	framestest.Benchmark(b, parser.Parse, Normalize, stackFiles(b))
}
