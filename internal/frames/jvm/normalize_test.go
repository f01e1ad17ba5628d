package jvm

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/frames/framestest"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	parser "github.com/errorgrouping/errorgrouping/internal/stackparse/jvm"
)

// frame parses one printed frame line, so that the tests feed Normalize what the parser really gives it.
func frame(t testing.TB, line string) stack.Frame {
	t.Helper()
	var tr stack.Trace
	parser.Parse("java.lang.RuntimeException: x\n\tat "+line+"\n", stack.Options{}, &tr)
	if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
		t.Fatalf("%q does not parse as one frame", line)
	}
	return tr.Exceptions[0].Frames[0]
}

func TestNormalize(t *testing.T) {
	const (
		app    = "app"
		lib    = "lib"
		ignore = "ignore"
	)
	tests := []struct {
		line             string
		module, function string
		kind, reason     string
	}{
		// Plain frames from the runtime-produced fixtures; the module or loader prefix never contributes.
		{"com.acme.shop.orders.OrderService.placeOrder(OrderService.java:33)", "com.acme.shop.orders.OrderService", "placeOrder", app, ""},
		{"com.acme.shop@1.4.0/com.acme.shop.orders.OrderService.placeOrder(OrderService.java:33)", "com.acme.shop.orders.OrderService", "placeOrder", app, ""},
		{"app//com.acme.shop.Main.run(Main.java:79)", "com.acme.shop.Main", "run", app, ""},
		{"plugins//com.acme.plugins.loyalty.LoyaltyPlugin.award(LoyaltyPlugin.java:14)", "com.acme.plugins.loyalty.LoyaltyPlugin", "award", app, ""},
		{"com.acme.shop.orders.OrderService.placeOrder(OrderService.java:31) ~[classes!/:1.8.2]", "com.acme.shop.orders.OrderService", "placeOrder", app, ""},
		{"Main.main(Main.java:3)", "Main", "main", app, ""},
		{"com.acme.shop.ui.b.a(SourceFile:12)", "com.acme.shop.ui.b", "a", app, ""},
		{"com.acme.Order.<init>(Order.java:12)", "com.acme.Order", "<init>", app, ""},
		{"java.base/java.util.Optional.orElseThrow(Optional.java:403)", "java.util.Optional", "orElseThrow", lib, reasonRuntime},
		{"java.base@17.0.15/java.util.Optional.orElseThrow(Optional.java:403)", "java.util.Optional", "orElseThrow", lib, reasonRuntime},
		{"java.util.Optional.map(Optional.java:215)", "java.util.Optional", "map", lib, reasonRuntime},
		{"java.base/java.lang.Thread.sleep(Native Method)", "java.lang.Thread", "sleep", lib, reasonRuntime},
		{"io.github.retrykit.Retry.call(Retry.java:21)", "io.github.retrykit.Retry", "call", lib, reasonThirdParty},
		{"retrykit@2.3.1/io.github.retrykit.Retry.call(Retry.java:21)", "io.github.retrykit.Retry", "call", lib, reasonThirdParty},
		{"org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:653) ~[spring-jdbc-6.1.5.jar!/:6.1.5]", "org.springframework.jdbc.core.JdbcTemplate", "execute", lib, reasonThirdParty},
		{"com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179)", "com.zaxxer.hikari.pool.HikariPool", "getConnection", lib, reasonThirdParty},
		{"android.app.Activity.performCreate(Activity.java:8051)", "android.app.Activity", "performCreate", lib, reasonRuntime},

		// Lambdas: the body keeps its enclosing method, the proxy class is ignored.
		{"com.acme.shop.persistence.OrderRepository.lambda$save$0(OrderRepository.java:17)", "com.acme.shop.persistence.OrderRepository", "lambda$save", app, ""},
		{"com.acme.shop.persistence.OrderRepository.lambda$save$12(OrderRepository.java:17)", "com.acme.shop.persistence.OrderRepository", "lambda$save", app, ""},
		{"java.base/java.util.stream.Collectors.lambda$toMap$68(Collectors.java:1674)", "java.util.stream.Collectors", "lambda$toMap", lib, reasonRuntime},
		{"com.acme.shop.reporting.ReportService$$Lambda$3/0x0000000801001490.apply(Unknown Source)", "com.acme.shop.reporting.ReportService", "apply", ignore, reasonLambda},
		{"com.acme.orders.OrderController$$Lambda/0x00007f3c8c0a1e38.apply(Unknown Source)", "com.acme.orders.OrderController", "apply", ignore, reasonLambda},
		{"com.acme.orders.OrderService$$Lambda$412/1273146093.apply(Unknown Source)", "com.acme.orders.OrderService", "apply", ignore, reasonLambda},
		{"java.base/java.lang.invoke.LambdaForm$DMH/0x0000000801010400.invokeStatic(LambdaForm$DMH)", "java.lang.invoke.LambdaForm$DMH", "invokeStatic", ignore, reasonHidden},

		// Reflection, in every JDK generation.
		{"sun.reflect.GeneratedMethodAccessor57.invoke(Unknown Source)", "sun.reflect.GeneratedMethodAccessor", "invoke", ignore, reasonReflection},
		{"jdk.internal.reflect.GeneratedMethodAccessor1.invoke(Unknown Source)", "jdk.internal.reflect.GeneratedMethodAccessor", "invoke", ignore, reasonReflection},
		{"sun.reflect.GeneratedConstructorAccessor12.newInstance(Unknown Source)", "sun.reflect.GeneratedConstructorAccessor", "newInstance", ignore, reasonReflection},
		{"sun.reflect.GeneratedSerializationConstructorAccessor3.newInstance(Unknown Source)", "sun.reflect.GeneratedSerializationConstructorAccessor", "newInstance", ignore, reasonReflection},
		{"java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)", "jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", ignore, reasonReflection},
		{"java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)", "jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", ignore, reasonReflection},
		{"sun.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)", "sun.reflect.DelegatingMethodAccessorImpl", "invoke", ignore, reasonReflection},
		{"java.base/java.lang.reflect.Method.invoke(Method.java:569)", "java.lang.reflect.Method", "invoke", ignore, reasonReflection},
		{"java.base/java.lang.reflect.Constructor.newInstance(Constructor.java:490)", "java.lang.reflect.Constructor", "newInstance", ignore, reasonReflection},

		// Dynamic proxies and generated subclasses keep the real class and are ignored.
		{"jdk.proxy1/jdk.proxy1.$Proxy0.charge(Unknown Source)", "jdk.proxy1.$Proxy", "charge", ignore, reasonProxy},
		{"com.sun.proxy.$Proxy45.find(Unknown Source)", "com.sun.proxy.$Proxy", "find", ignore, reasonProxy},
		{"com.acme.shop.orders.OrderService$$EnhancerBySpringCGLIB$$5f3b2c1a.placeOrder(<generated>)", "com.acme.shop.orders.OrderService", "placeOrder", ignore, reasonProxy},
		{"com.acme.OrderController$$SpringCGLIB$$0.submit(<generated>)", "com.acme.OrderController", "submit", ignore, reasonProxy},
		{"com.acme.shop.orders.OrderService$$FastClassBySpringCGLIB$$a1b2c3d4.invoke(<generated>)", "com.acme.shop.orders.OrderService", "invoke", ignore, reasonProxy},
		{"com.acme.shop.customers.Customer$HibernateProxy$Xb5RcJ2k.getDefaultAddress(Unknown Source)", "com.acme.shop.customers.Customer", "getDefaultAddress", ignore, reasonProxy},
		{"com.acme.shop.shipping.ShippingService$ByteBuddy$aBcD1234.createLabel(Unknown Source)", "com.acme.shop.shipping.ShippingService", "createLabel", ignore, reasonProxy},
		{"com.acme.shop.shipping.LabelPrinter$MockitoMock$1938470925.print(Unknown Source)", "com.acme.shop.shipping.LabelPrinter", "print", ignore, reasonProxy},
		{"com.acme.shop.shipping.LegacyLabelDao_$$_javassist_12.load(LegacyLabelDao_$$_javassist_12.java)", "com.acme.shop.shipping.LegacyLabelDao", "load", ignore, reasonProxy},
		{"com.acme.OrderService_Subclass.placeOrder(Unknown Source)", "com.acme.OrderService", "placeOrder", ignore, reasonProxy},
		{"com.acme.OrderService$AjcClosure1.run(OrderService.java:1)", "com.acme.OrderService", "run", ignore, reasonProxy},
		{"com.acme.Foo.bar(<generated>)", "com.acme.Foo", "bar", ignore, reasonGenerated},

		// Counters of anonymous, local and compiler-made classes.
		{"com.acme.OrderService$1.run(OrderService.java:40)", "com.acme.OrderService", "run", app, ""},
		{"com.acme.OrderService$1$2.run(OrderService.java:40)", "com.acme.OrderService", "run", app, ""},
		{"com.acme.Outer$1Local.run(Outer.java:9)", "com.acme.Outer$Local", "run", app, ""},
		{"com.acme.Outer$1$Inner.run(Outer.java:9)", "com.acme.Outer$Inner", "run", app, ""},
		{"com.acme.Outer$Inner.run(Outer.java:9)", "com.acme.Outer$Inner", "run", app, ""},
		{"java.base/java.util.stream.ReduceOps$3ReducingSink.accept(ReduceOps.java:169)", "java.util.stream.ReduceOps$ReducingSink", "accept", lib, reasonRuntime},
		{"java.base/java.util.stream.ReferencePipeline$2$1.accept(ReferencePipeline.java:179)", "java.util.stream.ReferencePipeline", "accept", lib, reasonRuntime},
		{"com.acme.Jobs$$anonfun$run$1.apply(Jobs.scala:12)", "com.acme.Jobs$$anonfun$run", "apply", app, ""},
		{"com.acme.Jobs$.apply(Jobs.scala:12)", "com.acme.Jobs$", "apply", app, ""},
		{"com.acme.Jobs.$anonfun$run$1(Jobs.scala:12)", "com.acme.Jobs", "$anonfun$run", app, ""},
		{"acme.api$handler$fn__4512.invoke(api.clj:30)", "acme.api$handler$fn", "invoke", app, ""},
		{"acme.Script1$_run_closure2.doCall(Script1.groovy:4)", "acme.Script1$_run_closure", "doCall", app, ""},

		// Kotlin.
		{"com.acme.shop.payments.PaymentClient$charge$1.invokeSuspend(PaymentClient.kt)", "com.acme.shop.payments.PaymentClient", "charge", app, ""},
		{"com.acme.shop.checkout.CheckoutController$handle$1$1.invokeSuspend(CheckoutController.kt:19)", "com.acme.shop.checkout.CheckoutController", "handle", app, ""},
		{"com.acme.Worker$1.invokeSuspend(Worker.kt:5)", "com.acme.Worker", "invokeSuspend", app, ""},
		{"com.acme.OrderService.charge$suspendImpl(OrderService.kt:31)", "com.acme.OrderService", "charge", app, ""},
		{"com.acme.OrderService.charge$default(OrderService.kt:29)", "com.acme.OrderService", "charge", app, ""},
		{"com.acme.Order.getId-2hJ3dY0(Order.kt:5)", "com.acme.Order", "getId", app, ""},
		{"com.acme.OrderId.constructor-impl(OrderId.kt:5)", "com.acme.OrderId", "constructor", app, ""},
		{"com.acme.OrderService.handle$lambda$0(OrderService.kt:12)", "com.acme.OrderService", "handle$lambda", app, ""},
		{"com.acme.OrderService.access$getRepository$p(OrderService.kt:9)", "com.acme.OrderService", "access$getRepository$p", ignore, reasonAccessor},
		{"com.acme.OrderService.access$000(OrderService.java:9)", "com.acme.OrderService", "access$000", ignore, reasonAccessor},
		{"_COROUTINE._BOUNDARY._(CoroutineDebugging.kt)", "_COROUTINE._BOUNDARY", "_", ignore, reasonCoroutine},
		{"kotlin.coroutines.jvm.internal.BaseContinuationImpl.resumeWith(ContinuationImpl.kt:33)", "kotlin.coroutines.jvm.internal.BaseContinuationImpl", "resumeWith", ignore, reasonCoroutine},
		{"kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)", "kotlinx.coroutines.DispatchedTask", "run", ignore, reasonCoroutine},
		{"kotlinx.coroutines.BuildersKt__Builders_commonKt.launch(Builders.common.kt:56)", "kotlinx.coroutines.BuildersKt__Builders_commonKt", "launch", ignore, reasonCoroutine},
		{"kotlinx.coroutines.channels.BufferedChannel.send(BufferedChannel.kt:200)", "kotlinx.coroutines.channels.BufferedChannel", "send", lib, reasonRuntime},
		{"kotlin.jvm.internal.Intrinsics.checkNotNull(Intrinsics.java:48)", "kotlin.jvm.internal.Intrinsics", "checkNotNull", ignore, reasonErrorHelper},

		// AspectJ moves a woven body into name_aroundBody0.
		{"com.acme.OrderService.placeOrder_aroundBody0(OrderService.java:31)", "com.acme.OrderService", "placeOrder", app, ""},
		{"com.acme.OrderService.placeOrder_aroundBody1$advice(OrderService.java:1)", "com.acme.OrderService", "placeOrder", app, ""},

		// Threads, pools, futures, dispatch, test runners and agents.
		{"java.base/java.lang.Thread.run(Thread.java:840)", "java.lang.Thread", "run", ignore, reasonThread},
		{"java.base/java.lang.Thread.runWith(Thread.java:1596)", "java.lang.Thread", "runWith", ignore, reasonThread},
		{"java.base/java.lang.VirtualThread.run(VirtualThread.java:329)", "java.lang.VirtualThread", "run", ignore, reasonThread},
		{"java.base/jdk.internal.vm.Continuation.enter(Continuation.java:327)", "jdk.internal.vm.Continuation", "enter", ignore, reasonThread},
		{"java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)", "java.util.concurrent.ThreadPoolExecutor$Worker", "run", ignore, reasonThread},
		{"java.base/java.util.concurrent.ForkJoinWorkerThread.run(ForkJoinWorkerThread.java:165)", "java.util.concurrent.ForkJoinWorkerThread", "run", ignore, reasonThread},
		{"java.base/java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:539)", "java.util.concurrent.Executors$RunnableAdapter", "call", ignore, reasonThread},
		{"java.base/java.util.concurrent.CompletableFuture$AsyncSupply.run(CompletableFuture.java:1768)", "java.util.concurrent.CompletableFuture$AsyncSupply", "run", ignore, reasonAsync},
		{"java.base/jdk.internal.util.Preconditions.outOfBounds(Preconditions.java:100)", "jdk.internal.util.Preconditions", "outOfBounds", ignore, reasonErrorHelper},
		{"org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)", "org.springframework.web.servlet.DispatcherServlet", "doDispatch", ignore, reasonDispatch},
		{"org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor.intercept(CglibAopProxy.java:689)", "org.springframework.aop.framework.CglibAopProxy$DynamicAdvisedInterceptor", "intercept", ignore, reasonDispatch},
		{"org.springframework.transaction.interceptor.TransactionInterceptor.invoke(TransactionInterceptor.java:119)", "org.springframework.transaction.interceptor.TransactionInterceptor", "invoke", ignore, reasonDispatch},
		{"org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:163)", "org.apache.catalina.core.ApplicationFilterChain", "doFilter", ignore, reasonDispatch},
		{"jakarta.servlet.http.HttpServlet.service(HttpServlet.java:590)", "jakarta.servlet.http.HttpServlet", "service", ignore, reasonDispatch},
		{"jdk.httpserver/sun.net.httpserver.ServerImpl$Exchange.run(ServerImpl.java:772)", "sun.net.httpserver.ServerImpl$Exchange", "run", ignore, reasonDispatch},
		{"jdk.httpserver/com.sun.net.httpserver.Filter$Chain.doFilter(Filter.java:95)", "com.sun.net.httpserver.Filter$Chain", "doFilter", ignore, reasonDispatch},
		{"org.junit.platform.engine.support.hierarchical.NodeTestTask.executeRecursively(NodeTestTask.java:151)", "org.junit.platform.engine.support.hierarchical.NodeTestTask", "executeRecursively", ignore, reasonTest},
		{"datadog.trace.bootstrap.instrumentation.java.concurrent.Wrapper.run(Wrapper.java:47)", "datadog.trace.bootstrap.instrumentation.java.concurrent.Wrapper", "run", ignore, reasonTelemetry},
		{"io.opentelemetry.context.Context.lambda$wrap$1(Context.java:241)", "io.opentelemetry.context.Context", "lambda$wrap$1", ignore, reasonTelemetry},

		// dd-trace-java abbreviated packages.
		{"c.a.s.o.OrderService.placeOrder(OrderService.java:31)", "c.a.s.o.OrderService", "placeOrder", app, ""},
		{"c.a.s.o.OrderService$$SpringCGLIB$$0.placeOrder(<generated>)", "c.a.s.o.OrderService", "placeOrder", ignore, reasonProxy},
		{"o.s.w.c.RestTemplate.doExecute(RestTemplate.java:895)", "o.s.w.c.RestTemplate", "doExecute", lib, reasonAbbreviated},
		{"j.b.n.c.NioSocketImpl.read(NioSocketImpl.java:346)", "j.b.n.c.NioSocketImpl", "read", lib, reasonAbbreviated},
		{"j.b.l.Thread.run(Thread.java:1583)", "j.b.l.Thread", "run", ignore, reasonThread},
		{"o.a.t.u.t.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)", "o.a.t.u.t.ThreadPoolExecutor$Worker", "run", ignore, reasonThread},
		{"j.b.l.r.Method.invoke(Method.java:580)", "j.b.l.r.Method", "invoke", ignore, reasonReflection},
		{"o.s.w.s.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)", "o.s.w.s.DispatcherServlet", "doDispatch", ignore, reasonDispatch},
	}
	for _, tt := range tests {
		f := frame(t, tt.line)
		var got frames.Frame
		Normalize(&f, &got)
		want := frames.Frame{Module: tt.module, Function: tt.function, InApp: tt.kind == app || (tt.kind == ignore && got.InApp),
			Ignored: tt.kind == ignore, Reason: tt.reason}
		if got != want {
			t.Errorf("%s\n got %+v\nwant %+v", tt.line, got, want)
		}
	}
}

// Generated frames of application classes stay in-app: only Ignored keeps them out.
func TestIgnoredKeepsInApp(t *testing.T) {
	for _, line := range []string{
		"com.acme.OrderController$$SpringCGLIB$$0.submit(<generated>)",
		"com.acme.OrderController$$Lambda/0x00007f3c8c0a1e38.apply(Unknown Source)",
	} {
		f := frame(t, line)
		var got frames.Frame
		Normalize(&f, &got)
		if !got.InApp || !got.Ignored {
			t.Errorf("%s: %+v", line, got)
		}
	}
}

func TestNormalizeDoesNotAllocate(t *testing.T) {
	lines := []string{
		"java.base/java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:635)",
		"com.acme.shop.persistence.OrderRepository.lambda$save$0(OrderRepository.java:17)",
		"com.acme.shop.payments.PaymentClient$charge$1.invokeSuspend(PaymentClient.kt)",
		"com.acme.shop.orders.OrderService$$EnhancerBySpringCGLIB$$5f3b2c1a.placeOrder(<generated>)",
		"java.base/java.util.stream.ReferencePipeline$2$1.accept(ReferencePipeline.java:179)",
		"c.a.s.o.OrderService.placeOrder(OrderService.java:31)",
		"o.a.t.u.t.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:659)",
		"org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
	}
	for _, line := range lines {
		f := frame(t, line)
		var out frames.Frame
		if n := testing.AllocsPerRun(100, func() { Normalize(&f, &out) }); n != 0 {
			t.Errorf("%s: %v allocations", line, n)
		}
	}
}

// signature is what a trace contributes: per exception of the chain its type and the selected frames,
// with the in-app filter decided over the whole trace as the grouping engine does.
func signature(tr *stack.Trace) []string {
	var sig []string
	for _, e := range framestest.Select(tr, Normalize, 0) {
		sig = append(sig, "exception "+e.Type)
		for _, f := range e.Frames {
			sig = append(sig, f.Module+" "+f.Function)
		}
	}
	return sig
}

func TestFixtureSelection(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "testdata", "stacks", "jvm")
	tests := map[string][]string{
		"hand_log4j2_extended_throwable.txt": {
			"exception org.springframework.web.util.NestedServletException",
			"exception java.lang.IllegalStateException",
			"com.acme.shop.inventory.InventoryClient reserve",
			"com.acme.shop.orders.OrderService placeOrder",
			"com.acme.shop.orders.OrderController submit",
		},
		"hand_kotlin_coroutine_recovery.txt": {
			"exception java.lang.IllegalStateException",
			"com.acme.shop.payments.PaymentClient charge",
			"com.acme.shop.checkout.CheckoutService placeOrder",
			"com.acme.shop.checkout.CheckoutController handle",
			"exception java.lang.IllegalStateException",
			"com.acme.shop.payments.PaymentClient charge",
		},
		"recursion_bounded.txt": {
			"exception java.util.NoSuchElementException",
			"com.acme.shop.catalog.CategoryTree resolve",
			"com.acme.shop.Main run",
			"com.acme.shop.Main main",
		},
		"hand_ddtrace_abbreviated_trimmed.txt": {
			"exception org.springframework.web.client.ResourceAccessException",
			"c.a.s.i.InventoryClient reserve",
			"c.a.s.o.OrderService placeOrder",
			"c.a.s.o.OrderController submit",
			"exception java.net.SocketTimeoutException",
		},
	}
	for name, want := range tests {
		if got := readSig(t, dir, name); !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	// The same request through the class path, the module path and rehydrated elements.
	base := readSig(t, dir, "chained_causes.txt")
	for _, name := range []string{"chained_module_path.txt", "circular_reference.txt"} {
		if got := readSig(t, dir, name); !slices.Equal(got, base) {
			t.Errorf("%s differs from chained_causes.txt:\n%q\n%q", name, got, base)
		}
	}
	if a, b := readSig(t, dir, "reflection_generated_accessor.txt"), readSig(t, dir, "rehydrated_elements.txt"); !slices.Equal(a, b) {
		t.Errorf("rehydrated elements differ:\n%q\n%q", a, b)
	}
	if a, b := readSig(t, dir, "lambda_stream.txt"), readSig(t, dir, "lambda_stream_hidden_frames.txt"); !slices.Equal(a, b) {
		t.Errorf("hidden lambda frames change the signature:\n%q\n%q", a, b)
	}
}

func readSig(t *testing.T, dir, name string) []string {
	t.Helper()
	return signature(framestest.ParseFile(t, parser.Parse, filepath.Join(dir, name)))
}

// TestInvariance checks the deploy-invariance manifest: every "same" variant contributes exactly the types
// and frames of its base, every "different" variant with its own stack does not.
func TestInvariance(t *testing.T) {
	framestest.Suite{Dir: framestest.Dir(t, "jvm"), Language: "java", Parse: parser.Parse, Normalize: Normalize,
		Caps: []int{0}, Types: framestest.ParsedTypes, WrapperBases: true}.Run(t)
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"com.acme.Outer$1$Inner|run", "c.a.B$$SpringCGLIB$$0|x", "X$fn$1|invokeSuspend",
		"a.b$$Lambda/0x1|apply", "$|$", "a.$1|lambda$$0", "j.|-", "Foo|_aroundBody", "x.y|a-b$default"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		module, function, _ := strings.Cut(s, "|")
		var out frames.Frame
		Normalize(&stack.Frame{Module: module, Function: function}, &out)
		if out.Ignored && out.Reason == "" || !out.InApp && out.Reason == "" {
			t.Fatalf("%q: no reason in %+v", s, out)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "stacks", "jvm", "*.txt"))
	if err != nil || len(paths) == 0 {
		b.Fatal("no fixtures", err)
	}
	framestest.Benchmark(b, parser.Parse, Normalize, paths)
}
