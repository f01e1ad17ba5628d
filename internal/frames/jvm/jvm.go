// Package jvm reduces JVM stack frames (Java, Kotlin, Scala, Groovy, Clojure) to what survives deploys.
//
// Module is the fully qualified class as printed, with generated parts reduced. JVM frames carry no paths,
// so an install root or container path never shows, and the file name and line never contribute. What
// varies and is dropped:
//   - the JVM module or class-loader prefix ("java.base@17.0.9/", "app//", "com.acme.shop@1.4.0/", which the
//     parser puts in Package) and log4j/logback jar data: they change with the launcher, the packaging and
//     library or runtime versions, never with the code;
//   - counters of anonymous, local and compiler-made classes: "OrderService$1" is "OrderService",
//     "OrderService$charge$1" (a Kotlin continuation or lambda class) is "OrderService$charge",
//     "Outer$1Local" is "Outer$Local", Clojure "handler$fn__4512" is "handler$fn", Groovy "_closure3" is
//     "_closure";
//   - generated subclasses keep the real class: "OrderService$$EnhancerBySpringCGLIB$$5f3b2c1a",
//     "$$SpringCGLIB$$0", "$$FastClassBySpringCGLIB$$…", "$HibernateProxy$…", "$ByteBuddy$…",
//     "$MockitoMock$…", "_$$_javassist_12", Weld, ArC and Micronaut proxies are "OrderService", and their
//     frames are ignored: they only dispatch to the real method, whose own frame is next to them.
//
// Function is the method with compiler-made parts reduced: lambda bodies "lambda$submit$0" are
// "lambda$submit" (the index moves when a lambda is added above), Scala "$anonfun$run$1" is "$anonfun$run",
// Kotlin "$default", "$suspendImpl" and value-class mangling ("getId-2hJ3dY0") are dropped so the bridge
// collapses into the real method, AspectJ "_aroundBody0" likewise. A Kotlin "Outer$fn$1.invokeSuspend" is
// the coroutine of fn: it becomes (Outer, fn), which merges with the real fn frame printed beside it once
// the coroutine has resumed, so a suspension does not change the issue.
//
// Stability: (a) another install root or container path changes nothing, as frames print no paths; (b) a
// library bump changes only jar and module versions, which are dropped, and library frames, which are not
// in-app; (c) a runtime upgrade changes JDK frames (not in-app) and the plumbing that differs between
// releases (reflection accessors, method-handle lambda forms, Thread.runWith, hidden lambda classes), which
// is ignored; (d) line shifts never matter.
//
// In-app is decided by package prefix: the JDK and language runtimes (java, javax, jakarta, jdk, sun,
// com.sun, kotlin, kotlinx, scala, groovy, clojure, Android) and common library and framework namespaces
// are not in-app; everything else is. io.github.* and com.github.* count as libraries: that is the group id
// Maven Central hands to projects hosted on GitHub.
//
// Ignored frames: lambda proxies and other hidden classes, reflection and method handles, dynamic and
// bytecode-generated proxies, synthetic accessors (access$000), thread and pool machinery (Thread.run,
// executors, fork/join, CompletableFuture), Kotlin coroutine machinery and boundary markers, servlet and
// Spring dispatch (filter chains, DispatcherServlet, AOP interceptors, transaction advice), server event
// loops, test runners, and tracer instrumentation wrappers. These appear or not depending on the
// framework, the agent and the runtime version, never on the bug.
//
// Abbreviated packages: dd-trace-java shortens packages to initials when a trace exceeds its length limit
// ("c.a.s.o.OrderService"; the module prefix folds in, so "java.base/java.lang.Thread" is "j.b.l.Thread").
// Such frames keep their abbreviated class as Module: the same frame abbreviated and not abbreviated does
// NOT compare equal. Making them equal needs a form both can produce: initials for every package (one
// allocation per frame on every trace, a module prefix still breaks it, and same-named classes in packages
// with the same initials merge) or the simple class name alone (sibling packages with the same class and
// method names, common in feature-per-package code, would merge). Either trades precision or cost on every
// trace for traces that straddle a length limit that is off by default, and past about 1.4 times that
// limit dd-trace also drops the middle frames, which changes the frames anyway. The cost of this choice:
// a bug whose trace length straddles the configured limit is split into an abbreviated and a full issue.
// To keep abbreviated traces usable on their own, their in-app decision uses the initials of common
// runtime and library roots (j., k., o.s., o.a., i.n., ...): application packages whose initials match
// one (org.sample, jp.co...) count as libraries there, and libraries under ambiguous initials (com.amazonaws,
// com.mysql, com.google outside a few packages) count as in-app there.
package jvm

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Reasons for frames that are not in-app or are ignored.
const (
	reasonRuntime     = "runtime"
	reasonThirdParty  = "third-party"
	reasonAbbreviated = "third-party: abbreviated package"
	reasonNoClass     = "no class"
	reasonLambda      = "lambda proxy"
	reasonHidden      = "hidden class"
	reasonProxy       = "proxy"
	reasonGenerated   = "generated code"
	reasonReflection  = "reflection"
	reasonAccessor    = "synthetic accessor"
	reasonThread      = "thread machinery"
	reasonAsync       = "async machinery"
	reasonCoroutine   = "coroutine machinery"
	reasonDispatch    = "framework dispatch"
	reasonTest        = "test runner"
	reasonTelemetry   = "telemetry instrumentation"
	reasonErrorHelper = "runtime error helper"
)

// Normalize fills out with what f contributes to grouping.
func Normalize(f *stack.Frame, out *frames.Frame) {
	*out = frames.Frame{}
	class, fn := f.Module, f.Function
	if class == "" {
		// JVM output always qualifies a method with its class; without one nothing says where the code lives.
		out.Function, out.Reason = fn, reasonNoClass
		return
	}
	dot := strings.LastIndexByte(class, '.')
	simple := class[dot+1:]
	abbreviated := dot > 0 && isAbbreviated(class[:dot])

	out.InApp = true
	if r := thirdParty(class, abbreviated); r != "" {
		out.InApp, out.Reason = false, r
	}
	if cut, r := generatedClass(simple); r != "" {
		out.Module, out.Function, out.Ignored, out.Reason = class[:dot+1+cut], fn, true, r
		return
	}
	out.Module = reduceClass(class, dot)
	if r := noise(class, simple, fn, abbreviated); r != "" {
		out.Function, out.Ignored, out.Reason = fn, true, r
		return
	}
	if f.Flags&stack.Generated != 0 {
		// "<generated>" is the source file bytecode generators (CGLIB and the like) give their classes.
		out.Function, out.Ignored, out.Reason = fn, true, reasonGenerated
		return
	}
	if strings.HasPrefix(fn, "access$") {
		// Bridges to private members: javac before nestmates (Java 11) and Kotlin emit them, so they come and go
		// with the compiler target.
		out.Function, out.Ignored, out.Reason = fn, true, reasonAccessor
		return
	}
	fn = reduceFunction(fn)
	if fn == "invokeSuspend" {
		out.Module, fn = coroutineOwner(out.Module, fn)
	}
	out.Function = fn
}

// isAbbreviated reports a package whose every segment is one character, as dd-trace-java prints them.
func isAbbreviated(pkg string) bool {
	for i := 0; i < len(pkg); i += 2 {
		if i+1 < len(pkg) && pkg[i+1] != '.' {
			return false
		}
	}
	return pkg != ""
}

// generatedClass recognises classes made at run time from the simple class name. It returns the length of
// the real class name within simple and why the frame is ignored, or "" for an ordinary class.
func generatedClass(simple string) (cut int, reason string) {
	if strings.IndexByte(simple, '$') < 0 && strings.IndexByte(simple, '/') < 0 &&
		!strings.HasPrefix(simple, "Generated") && strings.IndexByte(simple, '_') < 0 {
		return 0, ""
	}
	if i := strings.Index(simple, "$$Lambda"); i >= 0 {
		// "$$Lambda$14/0x…" (JDK 9-20), "$$Lambda/0x…" (21+), "$$Lambda$412/1273146093" (8).
		return i, reasonLambda
	}
	if i := strings.IndexByte(simple, '/'); i >= 0 {
		// Hidden classes ("LambdaForm$MH/0x…") and JDK 8 VM-anonymous classes print an address or counter.
		return i, reasonHidden
	}
	if strings.HasPrefix(simple, "$Proxy") {
		return len("$Proxy"), reasonProxy
	}
	for _, p := range reflectionAccessors {
		if strings.HasPrefix(simple, p) {
			return len(p), reasonReflection
		}
	}
	for _, m := range proxyMarkers {
		if i := strings.Index(simple, m); i > 0 {
			return i, reasonProxy
		}
	}
	for _, s := range proxySuffixes {
		if len(simple) > len(s) && strings.HasSuffix(simple, s) {
			return len(simple) - len(s), reasonProxy
		}
	}
	return 0, ""
}

// reflectionAccessors are the classes the JDK generates for reflective calls, numbered per run.
var reflectionAccessors = []string{
	"GeneratedMethodAccessor", "GeneratedConstructorAccessor", "GeneratedSerializationConstructorAccessor",
}

// proxyMarkers start the generated part of a proxy or enhanced subclass name.
var proxyMarkers = []string{
	"$$EnhancerBy",     // CGLIB, Spring < 6, Guice
	"$$FastClassBy",    // CGLIB method dispatch tables
	"$$SpringCGLIB$$",  // Spring 6
	"$HibernateProxy$", // Hibernate lazy-loading proxies
	"$ByteBuddy$",      // ByteBuddy subclasses
	"$MockitoMock$",    // Mockito mocks
	"_$$_javassist",    // Javassist ProxyFactory, old naming
	"_$$_jvst",         // Javassist ProxyFactory, new naming
	"$$_javassist",     // Javassist without the separator
	"$Proxy$_$$_Weld",  // Weld client proxies and subclasses
	"$$_Weld",          // Weld subclasses
	"$AjcClosure",      // AspectJ around-advice closures
}

// proxySuffixes end the name of proxies generated beside the real class.
var proxySuffixes = []string{
	"_ClientProxy", // Quarkus ArC
	"_Subclass",    // Quarkus ArC interception
	"$Intercepted", // Micronaut AOP
}

// reduceClass drops the counters of anonymous, local and compiler-made classes from the nested part of a
// class name; dot is the index of the last '.' in class. The result is a prefix of class, without
// allocating, unless a counter sits in the middle of the name ("Outer$1$Inner", "Outer$1Local").
func reduceClass(class string, dot int) string {
	i := strings.IndexByte(class[dot+1:], '$')
	if i < 0 {
		return class
	}
	// While b is nil the result so far is class[:keep].
	keep := dot + 1 + i
	var b []byte
	for pos := keep; pos < len(class); { // class[pos] == '$'
		end := strings.IndexByte(class[pos+1:], '$')
		if end < 0 {
			end = len(class)
		} else {
			end += pos + 1
		}
		seg := class[pos+1 : end]
		clean := cleanSegment(seg)
		switch drop := clean == "" && seg != ""; {
		case b != nil:
			if !drop {
				b = append(append(b, '$'), clean...)
			}
		case drop:
		case clean == seg && keep == pos:
			keep = end
		default:
			b = append(make([]byte, 0, len(class)), class[:keep]...)
			b = append(append(b, '$'), clean...)
		}
		pos = end
	}
	if b == nil {
		return class[:keep]
	}
	return string(b)
}

// cleanSegment reduces one '$'-separated part of a nested class name: an anonymous class counter ("1") is
// dropped, a local class loses its counter ("1Local"), Clojure "fn__4512" and Groovy "_closure3" lose theirs.
// Empty segments ("Foo$$anonfun", the Scala object "Foo$") are kept.
func cleanSegment(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	s = s[i:]
	j := len(s)
	for j > 0 && isDigit(s[j-1]) {
		j--
	}
	if j < len(s) {
		switch {
		case strings.HasSuffix(s[:j], "__"):
			return s[:j-2]
		case strings.HasSuffix(s[:j], "_closure"):
			return s[:j]
		}
	}
	return s
}

// reduceFunction drops generated parts of a method name; it returns a substring of fn.
func reduceFunction(fn string) string {
	if strings.IndexByte(fn, '$') < 0 && strings.IndexByte(fn, '-') < 0 && strings.IndexByte(fn, '_') < 0 {
		return fn
	}
	// Kotlin bridges: default arguments and open suspend functions.
	for _, s := range [...]string{"$default", "$suspendImpl"} {
		if len(fn) > len(s) && strings.HasSuffix(fn, s) {
			fn = fn[:len(fn)-len(s)]
		}
	}
	// Kotlin value-class mangling: "getId-2hJ3dY0" (a hash of the signature), "box-impl", "equals-impl0".
	if i := strings.IndexByte(fn, '-'); i > 0 {
		if rest := fn[i+1:]; len(rest) == 7 || strings.HasPrefix(rest, "impl") {
			fn = fn[:i]
		}
	}
	// AspectJ moves a woven method's body to "name_aroundBody0" (and "name_aroundBody1$advice").
	if i := strings.Index(fn, "_aroundBody"); i > 0 {
		return fn[:i]
	}
	// A trailing counter: "lambda$submit$0", Scala "$anonfun$run$1", Kotlin "handle$lambda$0".
	j := len(fn)
	for j > 0 && isDigit(fn[j-1]) {
		j--
	}
	if j > 1 && j < len(fn) && fn[j-1] == '$' {
		fn = fn[:j-1]
	}
	return fn
}

// coroutineOwner maps the state machine of a Kotlin suspend function or suspend lambda,
// "Outer$fn.invokeSuspend" once counters are gone, to (Outer, fn). Class names start upper case and
// function names lower case, which tells the function segment apart from a nested class.
func coroutineOwner(module, fn string) (string, string) {
	i := strings.LastIndexByte(module, '$')
	if i <= 0 || i+1 == len(module) {
		return module, fn
	}
	name := module[i+1:]
	if c := name[0]; c < 'a' || c > 'z' {
		return module, fn
	}
	return module[:i], name
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
