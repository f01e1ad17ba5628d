// Package dotnet normalises the frames of .NET Exception.ToString() (C#, VB and F# code on .NET Framework,
// .NET Core and NativeAOT, in any host culture) for grouping.
//
// Module is the declaring type as printed, namespace and generic arity ("`2") and nested types ("+")
// included, with the compiler-generated types at its end removed: closure classes ("<>c",
// "<>c__DisplayClass3_0", VB "_Closure$__3-0") and state machines ("<GetAsync>d__3",
// "VB$StateMachine_3_GetAsync"); an F# closure's "@12-1" line suffix is cut. The file path and the line
// never contribute: .NET always prints the type, the location is there only when PDBs are deployed, and
// it holds the build root. So (a) install and build roots, (b) library versions (not printed) and
// (d) shifted lines change nothing; for (c) a runtime upgrade, .NET Framework prints an async method as
// its state machine ("<GetAsync>d__3.MoveNext()" between TaskAwaiter frames) and .NET Core 2.1+ as the
// method ("GetAsync(Int32 id)"): both give GetAsync, and the awaiter frames are ignored.
//
// Function is the source method: a state machine's MoveNext becomes the method it implements, a lambda
// "<Get>b__0_1" becomes "Get.<lambda>" and a local function "<Main>g__Load|0_0" becomes "Main.Load"
// (also inside async lambdas and local functions: "<<Get>b__0_1>d"), and the top-level statements
// entry point "<Main>$" becomes "Main". Ordinals the compiler numbers by position in the file are
// dropped, so an edit elsewhere in the type changes nothing; two lambdas of one method share a name.
//
// InApp is decided by the first namespace segment: the runtime (System, Microsoft, Windows, Mono) and
// well-known libraries are not in-app, everything else is. Ignored: expression-tree and interop stubs
// (lambda_method12, IL_STUB), reflection invoke stubs, dynamic proxies (Castle, DispatchProxy, remoting),
// async and thread-pool machinery, runtime throw helpers, DLR call sites, ASP.NET Core, ASP.NET MVC and
// Web API dispatch, and APM agent wrappers.
//
// Only lambdas and local functions allocate (their name is rebuilt); everything else is a substring.
package dotnet

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// lambdaSuffix marks an anonymous function; "<" cannot start a C# identifier, so no method collides.
const lambdaSuffix = ".<lambda>"

// maxNesting bounds the recursion over nested compiler-generated names ("<<M>b__0_1>d" is two levels).
const maxNesting = 4

// Normalize fills out with what f contributes to grouping.
func Normalize(f *stack.Frame, out *frames.Frame) {
	module, machine := trimGenerated(f.Module)
	fn := f.Function
	if machine != "" {
		// MoveNext (or the iterator's Dispose) of a state machine stands for the method it implements.
		fn = machine
	}
	fn = reduceMember(fn)
	out.Module, out.Function = module, fn
	first := firstSegment(module)
	if reason := ignored(module, first, fn); reason != "" {
		out.Ignored, out.Reason = true, reason
		return
	}
	switch first {
	case "System", "Windows", "Mono":
		out.Reason = "runtime"
	case "Microsoft":
		out.Reason = "framework: Microsoft"
	default:
		if reason, ok := thirdParty[first]; ok {
			out.Reason = reason
			return
		}
		out.InApp = true
	}
}

// trimGenerated removes the compiler-generated types at the end of a declaring type and returns the
// source type and, when a state machine was removed, its name.
func trimGenerated(module string) (string, string) {
	// Most types hold none of the characters compiler-generated names are made of.
	if strings.IndexByte(module, '<') < 0 && strings.IndexByte(module, '$') < 0 && strings.IndexByte(module, '@') < 0 {
		return module, ""
	}
	machine := ""
	for module != "" {
		i := lastSegment(module)
		seg := module[i:]
		switch {
		case strings.HasPrefix(seg, "<>") || strings.HasPrefix(seg, "_Closure$__"):
		case strings.HasPrefix(seg, "VB$StateMachine_"):
			if machine == "" {
				machine = vbMachineMethod(seg)
			}
		case isStateMachine(seg):
			if machine == "" {
				machine = seg
			}
		default:
			return trimFSharpClosure(module, i), machine
		}
		if i == 0 {
			return module, machine // a generated type at the top level: nothing better to call it
		}
		module = module[:i-1]
	}
	return module, machine
}

// lastSegment returns the start of the last type or namespace segment: after the last '.' or '+' outside
// angle brackets, so "<.cctor>b__0" and "IValueTaskSource<System.Int32>" stay whole.
func lastSegment(s string) int {
	depth := 0
	for i := len(s) - 1; i > 0; i-- {
		switch s[i] {
		case '>':
			depth++
		case '<':
			if depth > 0 {
				depth--
			}
		case '.', '+':
			if depth == 0 {
				return i + 1
			}
		}
	}
	return 0
}

// isStateMachine reports a C# async or iterator state machine type: "<GetAsync>d__3", "<QueryImpl>d__140`1",
// "<<Get>b__0_1>d".
func isStateMachine(seg string) bool {
	if seg == "" || seg[0] != '<' {
		return false
	}
	end := closingAngle(seg)
	if end < 0 {
		return false
	}
	rest := seg[end+1:]
	return rest == "d" || strings.HasPrefix(rest, "d__") || strings.HasPrefix(rest, "d`")
}

// vbMachineMethod returns the method of a VB state machine "VB$StateMachine_<ordinal>_<Method>".
func vbMachineMethod(seg string) string {
	rest := seg[len("VB$StateMachine_"):]
	if i := strings.IndexByte(rest, '_'); i >= 0 {
		return rest[i+1:]
	}
	return rest
}

// trimFSharpClosure cuts the "@<line>[-<n>]" that F# appends to closure classes ("Program.handler@42-3"):
// it names a line, which moves with any edit above it.
func trimFSharpClosure(module string, segStart int) string {
	seg := module[segStart:]
	if at := strings.IndexByte(seg, '@'); at > 0 && at+1 < len(seg) && stack.IsDigit(seg[at+1]) {
		return module[:segStart+at]
	}
	return module
}

// closingAngle returns the index of the '>' that closes the '<' at s[0], or -1.
func closingAngle(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			depth++
		case '>':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

type genKind uint8

const (
	notGenerated genKind = iota
	genMethod            // a state machine or entry point: the method itself
	genLambda            // an anonymous function of the method
	genLocal             // a local function of the method
)

// reduceMember reduces a compiler-generated member name to its source name; other names are returned as is.
func reduceMember(name string) string {
	if name == "" {
		return name
	}
	if name[0] != '<' {
		if strings.HasPrefix(name, "_Lambda$__") { // VB: the name holds ordinals only
			return "<lambda>"
		}
		return name
	}
	method, local, kind := parseGenerated(name, 0)
	switch kind {
	case genMethod:
		return method
	case genLambda:
		return method + lambdaSuffix
	case genLocal:
		return method + "." + local
	}
	return name
}

// parseGenerated parses the Roslyn names "<M>d__N" (state machine), "<M>b__N_M" (lambda),
// "<M>g__Local|N_M" (local function), "<M>" (async Main's entry point) and "<Main>$" (top-level
// statements), where M may itself be generated ("<<M>b__0_1>d": the state machine of an async lambda).
func parseGenerated(name string, depth int) (method, local string, kind genKind) {
	end := closingAngle(name)
	if end < 2 || depth > maxNesting {
		return name, "", notGenerated
	}
	inner, rest := name[1:end], name[end+1:]
	method, kind = inner, genMethod
	if inner[0] == '<' {
		if method, local, kind = parseGenerated(inner, depth+1); kind == notGenerated {
			return name, "", notGenerated
		}
	}
	switch {
	case rest == "" || rest == "$":
		return method, local, kind
	case rest == "d" || strings.HasPrefix(rest, "d__") || strings.HasPrefix(rest, "d`"):
		return method, local, kind
	case rest == "b" || strings.HasPrefix(rest, "b__"):
		return method, "", genLambda
	case strings.HasPrefix(rest, "g__"):
		local = rest[3:]
		if i := strings.IndexByte(local, '|'); i >= 0 {
			local = local[:i]
		}
		return method, local, genLocal
	}
	return name, "", notGenerated
}

// firstSegment returns the first namespace segment of a type name.
func firstSegment(module string) string {
	if i := strings.IndexByte(module, '.'); i >= 0 {
		return module[:i]
	}
	return module
}

// thirdParty maps the first namespace segment of well-known libraries to the reason they are not in-app.
var thirdParty = func() map[string]string {
	m := map[string]string{}
	for _, ns := range [...]string{
		// Data access and serialisation.
		"Newtonsoft", "Npgsql", "MySql", "MySqlConnector", "Dapper", "Oracle", "MongoDB", "StackExchange",
		"NHibernate", "LinqToDB", "Pomelo", "Elasticsearch", "Nest", "Confluent", "RabbitMQ", "Google",
		"Grpc", "ProtoBuf", "MessagePack", "CsvHelper", "YamlDotNet",
		// Application frameworks and plumbing.
		"Polly", "Serilog", "NLog", "log4net", "AutoMapper", "Mapster", "MediatR", "FluentValidation", "Castle",
		"Autofac", "Ninject", "SimpleInjector", "Hangfire", "MassTransit", "NServiceBus", "Rebus", "Quartz",
		"Refit", "RestSharp", "Flurl", "Swashbuckle", "NSwag", "HotChocolate", "GraphQL", "Duende",
		"IdentityServer4", "Orleans", "Akka", "Dapr", "Yarp", "Ocelot", "Steeltoe", "ServiceStack", "Nancy",
		// Cloud SDKs, telemetry and test frameworks (the Datadog and New Relic agents are ignored outright).
		"Amazon", "Azure", "OpenTelemetry", "Elastic", "Sentry", "Prometheus",
		"NUnit", "Xunit", "Moq", "NSubstitute", "FluentAssertions",
	} {
		m[ns] = "third-party: " + ns
	}
	return m
}()

// ignored returns why a frame never contributes, or "". module and fn are already reduced.
func ignored(module, first, fn string) string {
	switch {
	case strings.HasPrefix(fn, "lambda_method"):
		return "expression tree" // compiled expression: the number is a per-process counter
	case strings.HasPrefix(fn, "IL_STUB"):
		return "interop stub"
	case strings.HasPrefix(module, "InvokeStub_"):
		return "reflection" // .NET 7+ emits InvokeStub_<Type>.<Method> to call a method by reflection
	case strings.HasPrefix(module, "generatedProxy_"):
		return "dynamic proxy" // System.Reflection.DispatchProxy
	case module == "CallSite" && fn == "Target":
		return "dynamic dispatch" // the DLR call site of a C# "dynamic" expression
	}
	if t, ok := strings.CutPrefix(module, "System."); ok {
		return systemNoise(t, fn)
	}
	if t, ok := strings.CutPrefix(module, "Microsoft."); ok {
		return microsoftNoise(t)
	}
	switch first {
	case "Castle":
		if strings.HasPrefix(module, "Castle.Proxies.") || strings.HasPrefix(module, "Castle.DynamicProxy.") {
			return "dynamic proxy"
		}
	case "Datadog", "NewRelic":
		return "telemetry" // APM agents wrap instrumented calls
	}
	return ""
}

// systemNoise classifies a type of the System namespace, given without its "System." prefix.
func systemNoise(t, fn string) string {
	switch {
	case strings.HasPrefix(t, "Runtime.CompilerServices."), strings.HasPrefix(t, "Threading.Tasks."):
		return "async machinery" // awaiters, method builders, task continuations
	case strings.HasPrefix(t, "Runtime.ExceptionServices."):
		return "rethrow"
	case strings.HasPrefix(t, "Threading."):
		if isThreadDispatch(t[len("Threading."):]) {
			return "thread dispatch"
		}
	case t == "ThrowHelper" || (strings.HasSuffix(t, "Exception") && strings.IndexByte(t, '.') < 0 && strings.HasPrefix(fn, "Throw")):
		return "throw helper" // ThrowHelper, ArgumentNullException.ThrowIfNull and the like
	case t == "RuntimeMethodHandle", t == "Activator",
		t == "RuntimeType" && (strings.Contains(fn, "Invoke") || strings.HasPrefix(fn, "CreateInstance")),
		strings.HasPrefix(t, "Reflection.") && (strings.Contains(t, "Invoke") || strings.Contains(fn, "Invoke")):
		return "reflection"
	case strings.HasPrefix(t, "Runtime.Remoting."):
		return "dynamic proxy"
	case strings.HasPrefix(t, "Linq.Expressions.Interpreter."):
		return "expression tree"
	case strings.HasPrefix(t, "Dynamic.UpdateDelegates"):
		return "dynamic dispatch"
	case strings.HasPrefix(t, "Web."):
		if isWebDispatch(t[len("Web."):]) {
			return "framework dispatch"
		}
	}
	return ""
}

// isThreadDispatch reports the System.Threading types that start threads and run queued work.
func isThreadDispatch(t string) bool {
	for _, p := range [...]string{"ExecutionContext", "Thread", "PortableThreadPool", "TimerQueue", "_ThreadPoolWaitCallback",
		"_IOCompletionCallback", "QueueUserWorkItemCallback", "WorkerThread"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// isWebDispatch reports the ASP.NET MVC 5 and Web API 2 (System.Web) types that route a request to an
// action: invokers, dispatchers, filter pipelines and the IIS integrated pipeline.
func isWebDispatch(t string) bool {
	for _, p := range [...]string{"Mvc.Async.", "Http.Controllers.", "Http.Filters.", "Http.Dispatcher.", "HttpApplication",
		"Mvc.Controller", "Mvc.MvcHandler", "Http.ApiController", "Http.HttpServer"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	name := t[lastSegment(t):]
	return strings.Contains(name, "Invoker") || strings.Contains(name, "Dispatcher") || strings.Contains(name, "ActionDescriptor")
}

// microsoftNoise classifies a type of the Microsoft namespace, given without its "Microsoft." prefix:
// the ASP.NET Core request pipeline, whose middleware and invoker frames differ between hosts, versions
// and configurations around the same application code.
func microsoftNoise(t string) string {
	if strings.HasPrefix(t, "Extensions.Internal.ObjectMethodExecutor") {
		return "framework dispatch"
	}
	if !strings.HasPrefix(t, "AspNetCore.") {
		return ""
	}
	t = t[len("AspNetCore."):]
	for _, p := range [...]string{"Server.", "Hosting.", "Builder.", "HostFiltering.", "Http.RequestDelegateFactory", "Http.Generated."} {
		if strings.HasPrefix(t, p) {
			return "framework dispatch"
		}
	}
	name := t[lastSegment(t):]
	if strings.HasSuffix(name, "Middleware") || strings.HasSuffix(name, "MiddlewareImpl") ||
		strings.Contains(name, "Invoker") || strings.Contains(name, "Executor") {
		return "framework dispatch"
	}
	return ""
}
