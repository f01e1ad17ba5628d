package jvm

import "strings"

// thirdPartyPrefixes are the package roots that are not application code: the runtimes first, then
// libraries and frameworks. Users add their own through the processor's in-app rules.
var thirdPartyPrefixes = []struct{ prefix, reason string }{
	{"java.", reasonRuntime}, {"javax.", reasonRuntime}, {"jakarta.", reasonRuntime}, {"jdk.", reasonRuntime},
	{"sun.", reasonRuntime}, {"com.sun.", reasonRuntime}, {"kotlin.", reasonRuntime}, {"kotlinx.", reasonRuntime},
	{"scala.", reasonRuntime}, {"groovy.", reasonRuntime}, {"clojure.", reasonRuntime},
	{"org.codehaus.groovy.", reasonRuntime}, {"_COROUTINE.", reasonRuntime},
	{"android.", reasonRuntime}, {"androidx.", reasonRuntime}, {"dalvik.", reasonRuntime},
	{"libcore.", reasonRuntime}, {"com.android.", reasonRuntime},
	{"org.w3c.", reasonRuntime}, {"org.xml.", reasonRuntime}, {"org.ietf.", reasonRuntime}, {"org.omg.", reasonRuntime},

	{"org.springframework.", reasonThirdParty}, {"org.apache.", reasonThirdParty}, {"org.hibernate.", reasonThirdParty},
	{"org.eclipse.", reasonThirdParty}, {"io.netty.", reasonThirdParty}, {"reactor.", reasonThirdParty},
	{"io.projectreactor.", reasonThirdParty}, {"io.reactivex.", reasonThirdParty}, {"org.reactivestreams.", reasonThirdParty},
	{"com.fasterxml.", reasonThirdParty}, {"com.google.", reasonThirdParty}, {"io.micrometer.", reasonThirdParty},
	{"io.opentelemetry.", reasonThirdParty}, {"datadog.", reasonThirdParty}, {"io.sentry.", reasonThirdParty},
	{"com.newrelic.", reasonThirdParty}, {"co.elastic.apm.", reasonThirdParty}, {"brave.", reasonThirdParty},
	{"ch.qos.logback.", reasonThirdParty}, {"org.slf4j.", reasonThirdParty}, {"com.zaxxer.hikari.", reasonThirdParty},
	{"org.postgresql.", reasonThirdParty}, {"com.mysql.", reasonThirdParty}, {"org.mariadb.", reasonThirdParty},
	{"oracle.jdbc.", reasonThirdParty}, {"org.h2.", reasonThirdParty}, {"org.jooq.", reasonThirdParty},
	{"org.flywaydb.", reasonThirdParty}, {"liquibase.", reasonThirdParty}, {"io.r2dbc.", reasonThirdParty},
	{"okhttp3.", reasonThirdParty}, {"okio.", reasonThirdParty}, {"retrofit2.", reasonThirdParty},
	{"com.squareup.", reasonThirdParty}, {"io.grpc.", reasonThirdParty}, {"org.junit.", reasonThirdParty},
	{"junit.", reasonThirdParty}, {"org.testng.", reasonThirdParty}, {"org.mockito.", reasonThirdParty},
	{"net.bytebuddy.", reasonThirdParty}, {"org.assertj.", reasonThirdParty}, {"org.hamcrest.", reasonThirdParty},
	{"io.ktor.", reasonThirdParty}, {"io.vertx.", reasonThirdParty}, {"io.quarkus.", reasonThirdParty},
	{"io.smallrye.", reasonThirdParty}, {"io.micronaut.", reasonThirdParty}, {"io.undertow.", reasonThirdParty},
	{"feign.", reasonThirdParty}, {"akka.", reasonThirdParty}, {"org.jboss.", reasonThirdParty},
	{"org.glassfish.", reasonThirdParty}, {"com.amazonaws.", reasonThirdParty}, {"software.amazon.", reasonThirdParty},
	{"com.microsoft.", reasonThirdParty}, {"io.lettuce.", reasonThirdParty}, {"redis.clients.", reasonThirdParty},
	{"org.mongodb.", reasonThirdParty}, {"com.mongodb.", reasonThirdParty}, {"org.elasticsearch.", reasonThirdParty},
	{"co.elastic.clients.", reasonThirdParty}, {"com.datastax.", reasonThirdParty}, {"com.rabbitmq.", reasonThirdParty},
	{"graphql.", reasonThirdParty}, {"org.aspectj.", reasonThirdParty}, {"org.yaml.", reasonThirdParty},
	{"org.jetbrains.", reasonThirdParty}, {"io.swagger.", reasonThirdParty}, {"io.dropwizard.", reasonThirdParty},
	{"com.codahale.", reasonThirdParty}, {"com.typesafe.", reasonThirdParty}, {"org.bouncycastle.", reasonThirdParty},
	{"org.gradle.", reasonThirdParty}, {"worker.org.gradle.", reasonThirdParty}, {"com.intellij.", reasonThirdParty},
	{"io.github.", reasonThirdParty}, {"com.github.", reasonThirdParty},
}

// abbreviatedThirdParty are leading initials of common runtime and library roots, for packages dd-trace-java
// abbreviated. Single letters are used only for the JDK (whose module prefix, "java.base/", folds into
// every JDK frame) and Kotlin: other one-letter roots are shared with country domains (de., fr., se., ru.).
// com.* libraries need three initials because two ("c.a.", "c.m.") match too many company namespaces.
var abbreviatedThirdParty = []string{
	"j.", "k.",
	"o.s.", "o.a.", "o.h.", "o.e.", "o.j.", "o.g.", "o.p.", "o.m.", "o.c.g.",
	"i.n.", "i.r.", "i.m.", "i.o.", "i.g.", "i.k.", "i.v.", "i.q.", "i.u.", "i.l.", "i.s.", "i.p.",
	"c.f.j.", "c.z.h.", "c.g.c.", "c.g.p.", "c.g.g.", "c.g.i.", "c.q.l.",
	"r.c.", "r.n.", "n.b.", "s.a.a.",
}

// noiseRules name the frames that never contribute. A prefix ending in '.' is a package, one ending in '*'
// a class-name prefix, anything else a class together with its nested classes; method, when set, narrows
// a rule to one method.
var noiseRules = []noiseRule{
	// Reflection and method handles: their frames differ between JDK releases and call counts.
	{prefix: "java.lang.reflect.", reason: reasonReflection},
	{prefix: "jdk.internal.reflect.", reason: reasonReflection},
	{prefix: "sun.reflect.", reason: reasonReflection},
	{prefix: "sun.reflect.NativeMethodAccessorImpl", reason: reasonReflection},
	{prefix: "sun.reflect.DelegatingMethodAccessorImpl", reason: reasonReflection},
	{prefix: "sun.reflect.NativeConstructorAccessorImpl", reason: reasonReflection},
	{prefix: "sun.reflect.DelegatingConstructorAccessorImpl", reason: reasonReflection},
	{prefix: "java.lang.invoke.", reason: reasonReflection},
	{prefix: "java.lang.Class", method: "newInstance", reason: reasonReflection},
	{prefix: "clojure.lang.Reflector", reason: reasonReflection},
	{prefix: "org.codehaus.groovy.reflection.", reason: reasonReflection},
	{prefix: "org.codehaus.groovy.runtime.callsite.", reason: reasonReflection},

	// Threads and pools.
	{prefix: "java.lang.Thread", method: "run", reason: reasonThread},
	{prefix: "java.lang.Thread", method: "runWith", reason: reasonThread},
	{prefix: "java.lang.Thread", method: "getStackTrace", reason: reasonThread},
	{prefix: "java.lang.VirtualThread", reason: reasonThread},
	{prefix: "jdk.internal.vm.", reason: reasonThread},
	{prefix: "jdk.internal.misc.CarrierThread", reason: reasonThread},
	{prefix: "java.util.concurrent.ThreadPoolExecutor", reason: reasonThread},
	{prefix: "java.util.concurrent.ScheduledThreadPoolExecutor", reason: reasonThread},
	{prefix: "java.util.concurrent.ForkJoin*", reason: reasonThread},
	{prefix: "java.util.concurrent.FutureTask", reason: reasonThread},
	{prefix: "java.util.concurrent.Executors", reason: reasonThread},
	{prefix: "java.util.concurrent.ThreadPerTaskExecutor", reason: reasonThread},
	{prefix: "java.util.TimerThread", reason: reasonThread},
	{prefix: "org.apache.tomcat.util.threads.", reason: reasonThread},
	{prefix: "org.eclipse.jetty.util.thread.", reason: reasonThread},
	{prefix: "org.jboss.threads.", reason: reasonThread},
	{prefix: "io.netty.util.concurrent.", reason: reasonThread},
	{prefix: "io.netty.util.internal.ThreadExecutorMap", reason: reasonThread},
	{prefix: "reactor.core.scheduler.", reason: reasonThread},
	{prefix: "akka.dispatch.", reason: reasonThread},
	{prefix: "io.vertx.core.impl.", reason: reasonThread},

	// Futures and coroutines.
	{prefix: "java.util.concurrent.CompletableFuture", reason: reasonAsync},
	{prefix: "com.google.common.util.concurrent.", reason: reasonAsync},
	{prefix: "scala.concurrent.impl.", reason: reasonAsync},
	{prefix: "_COROUTINE.", reason: reasonCoroutine},
	{prefix: "kotlin.coroutines.", reason: reasonCoroutine},
	{prefix: "kotlin.ResultKt", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.Dispatched*", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.EventLoop*", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.BuildersKt*", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.BlockingCoroutine", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.CoroutineStart", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.AbstractCoroutine", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.ResumeModeKt", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.ExecutorCoroutineDispatcherImpl", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.internal.", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.scheduling.", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.intrinsics.", reason: reasonCoroutine},
	{prefix: "kotlinx.coroutines.debug.", reason: reasonCoroutine},

	// Helpers that only build the exception; which ones run differs between runtime versions.
	{prefix: "jdk.internal.util.Preconditions", reason: reasonErrorHelper},
	{prefix: "kotlin.jvm.internal.Intrinsics", reason: reasonErrorHelper},

	// Web servers, servlet filter chains and framework dispatch to the application's handler.
	{prefix: "javax.servlet.http.HttpServlet", reason: reasonDispatch},
	{prefix: "jakarta.servlet.http.HttpServlet", reason: reasonDispatch},
	{prefix: "org.apache.catalina.", reason: reasonDispatch},
	{prefix: "org.apache.coyote.", reason: reasonDispatch},
	{prefix: "org.apache.tomcat.util.net.", reason: reasonDispatch},
	{prefix: "org.apache.tomcat.websocket.server.WsFilter", reason: reasonDispatch},
	{prefix: "org.eclipse.jetty.server.", reason: reasonDispatch},
	{prefix: "org.eclipse.jetty.servlet.", reason: reasonDispatch},
	{prefix: "org.eclipse.jetty.ee8.", reason: reasonDispatch},
	{prefix: "org.eclipse.jetty.ee9.", reason: reasonDispatch},
	{prefix: "org.eclipse.jetty.ee10.", reason: reasonDispatch},
	{prefix: "org.eclipse.jetty.io.", reason: reasonDispatch},
	{prefix: "io.undertow.server.", reason: reasonDispatch},
	{prefix: "io.undertow.servlet.handlers.", reason: reasonDispatch},
	{prefix: "org.glassfish.jersey.server.", reason: reasonDispatch},
	{prefix: "org.glassfish.jersey.servlet.", reason: reasonDispatch},
	{prefix: "org.glassfish.jersey.internal.", reason: reasonDispatch},
	{prefix: "org.jboss.resteasy.core.", reason: reasonDispatch},
	{prefix: "org.jboss.resteasy.plugins.server.", reason: reasonDispatch},
	{prefix: "sun.net.httpserver.", reason: reasonDispatch},
	{prefix: "com.sun.net.httpserver.", reason: reasonDispatch},
	{prefix: "org.springframework.web.servlet.DispatcherServlet", reason: reasonDispatch},
	{prefix: "org.springframework.web.servlet.FrameworkServlet", reason: reasonDispatch},
	{prefix: "org.springframework.web.servlet.HandlerExecutionChain", reason: reasonDispatch},
	{prefix: "org.springframework.web.servlet.mvc.method.", reason: reasonDispatch},
	{prefix: "org.springframework.web.method.support.InvocableHandlerMethod", reason: reasonDispatch},
	{prefix: "org.springframework.web.filter.", reason: reasonDispatch},
	{prefix: "org.springframework.web.reactive.DispatcherHandler", reason: reasonDispatch},
	{prefix: "org.springframework.web.reactive.result.method.", reason: reasonDispatch},
	{prefix: "org.springframework.web.server.handler.", reason: reasonDispatch},
	{prefix: "org.springframework.boot.web.servlet.support.ErrorPageFilter", reason: reasonDispatch},
	{prefix: "org.springframework.security.web.", reason: reasonDispatch},
	{prefix: "org.springframework.aop.", reason: reasonDispatch},
	{prefix: "org.springframework.cglib.", reason: reasonDispatch},
	{prefix: "org.springframework.transaction.interceptor.", reason: reasonDispatch},
	{prefix: "org.springframework.transaction.support.TransactionTemplate", reason: reasonDispatch},
	{prefix: "org.springframework.dao.support.PersistenceExceptionTranslationInterceptor", reason: reasonDispatch},
	{prefix: "org.springframework.data.repository.core.support.", reason: reasonDispatch},
	{prefix: "org.springframework.data.projection.", reason: reasonDispatch},
	{prefix: "org.springframework.messaging.handler.invocation.", reason: reasonDispatch},
	{prefix: "org.springframework.kafka.listener.adapter.", reason: reasonDispatch},
	{prefix: "org.springframework.amqp.rabbit.listener.adapter.", reason: reasonDispatch},
	{prefix: "org.springframework.scheduling.support.", reason: reasonDispatch},
	{prefix: "org.springframework.retry.", reason: reasonDispatch},
	{prefix: "io.netty.channel.AbstractChannelHandlerContext", reason: reasonDispatch},
	{prefix: "io.netty.channel.DefaultChannelPipeline", reason: reasonDispatch},
	{prefix: "io.netty.channel.ChannelInboundHandlerAdapter", reason: reasonDispatch},
	{prefix: "io.netty.channel.SimpleChannelInboundHandler", reason: reasonDispatch},
	{prefix: "io.netty.channel.nio.", reason: reasonDispatch},
	{prefix: "io.netty.channel.epoll.", reason: reasonDispatch},
	{prefix: "io.netty.handler.codec.ByteToMessageDecoder", reason: reasonDispatch},
	{prefix: "io.netty.handler.codec.MessageToMessageDecoder", reason: reasonDispatch},
	{prefix: "io.grpc.internal.", reason: reasonDispatch},
	{prefix: "io.grpc.stub.ServerCalls", reason: reasonDispatch},
	{prefix: "io.grpc.ForwardingServerCallListener", reason: reasonDispatch},
	{prefix: "io.grpc.Contexts", reason: reasonDispatch},
	{prefix: "org.aspectj.runtime.", reason: reasonDispatch},
	{prefix: "org.hibernate.proxy.ProxyConfiguration", reason: reasonProxy},
	{prefix: "org.hibernate.proxy.pojo.bytebuddy.ByteBuddyInterceptor", reason: reasonProxy},
	{prefix: "clojure.lang.AFn", reason: reasonDispatch},
	{prefix: "clojure.lang.RestFn", reason: reasonDispatch},
	{prefix: "clojure.lang.Var", reason: reasonDispatch},

	// Test runners.
	{prefix: "org.junit.platform.", reason: reasonTest},
	{prefix: "org.junit.jupiter.engine.", reason: reasonTest},
	{prefix: "org.junit.runners.", reason: reasonTest},
	{prefix: "org.junit.runner.", reason: reasonTest},
	{prefix: "org.junit.internal.runners.", reason: reasonTest},
	{prefix: "junit.framework.", reason: reasonTest},
	{prefix: "org.testng.internal.", reason: reasonTest},
	{prefix: "org.apache.maven.surefire.", reason: reasonTest},
	{prefix: "org.gradle.api.internal.tasks.testing.", reason: reasonTest},
	{prefix: "org.gradle.internal.", reason: reasonTest},
	{prefix: "worker.org.gradle.", reason: reasonTest},
	{prefix: "com.intellij.rt.", reason: reasonTest},

	// Tracer and agent wrappers, present or not depending on the agent.
	{prefix: "datadog.trace.", reason: reasonTelemetry},
	{prefix: "io.opentelemetry.javaagent.", reason: reasonTelemetry},
	{prefix: "io.opentelemetry.context.", reason: reasonTelemetry},
	{prefix: "io.opentelemetry.instrumentation.", reason: reasonTelemetry},
	{prefix: "io.micrometer.observation.", reason: reasonTelemetry},
	{prefix: "io.sentry.", reason: reasonTelemetry},
	{prefix: "com.newrelic.", reason: reasonTelemetry},
	{prefix: "co.elastic.apm.agent.", reason: reasonTelemetry},
	{prefix: "brave.", reason: reasonTelemetry},
}

type noiseRule struct {
	prefix, method, reason string
	// Derived by init for abbreviated packages: the simple name of a class rule, or the initials of a
	// package rule at least three segments deep (and its form with "java.base/" folded in).
	simple   string
	initials [2]string
}

// prefixIndex finds the rules that can match a class without scanning them all: a rule whose prefix is
// a single package segment ("java.") is listed under its first letter, any other under the first letters of
// its first two segments ("org.springframework." under 'o', 's').
type prefixIndex struct {
	root [256][]int
	two  map[[2]byte][]int
}

func (x *prefixIndex) add(prefix string, i int) {
	dot := strings.IndexByte(prefix, '.')
	if dot+1 == len(prefix) {
		x.root[prefix[0]] = append(x.root[prefix[0]], i)
		return
	}
	if x.two == nil {
		x.two = make(map[[2]byte][]int)
	}
	k := [2]byte{prefix[0], prefix[dot+1]}
	x.two[k] = append(x.two[k], i)
}

// lookup returns the candidate rules for class in two lists.
func (x *prefixIndex) lookup(class string) (root, two []int) {
	root = x.root[class[0]]
	if dot := strings.IndexByte(class, '.'); dot > 0 && dot+1 < len(class) {
		two = x.two[[2]byte{class[0], class[dot+1]}]
	}
	return root, two
}

var (
	thirdPartyIndex prefixIndex
	noiseIndex      prefixIndex
	// noiseByFirst lists every rule under its first letter, for abbreviated packages.
	noiseByFirst [256][]int
)

func init() {
	for i, p := range thirdPartyPrefixes {
		thirdPartyIndex.add(p.prefix, i)
	}
	for i := range noiseRules {
		r := &noiseRules[i]
		noiseIndex.add(r.prefix, i)
		noiseByFirst[r.prefix[0]] = append(noiseByFirst[r.prefix[0]], i)
		if !strings.HasSuffix(r.prefix, ".") {
			r.simple = r.prefix[strings.LastIndexByte(r.prefix, '.')+1:]
			continue
		}
		segs := strings.Split(strings.TrimSuffix(r.prefix, "."), ".")
		if len(segs) < 3 {
			continue
		}
		r.initials[0] = initials(segs)
		switch segs[0] {
		case "java", "jdk":
			r.initials[1] = "j.b." + initials(segs[1:])
		}
	}
}

func initials(segs []string) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte(s[0])
		b.WriteByte('.')
	}
	return b.String()
}

// thirdParty returns why class is not application code, or "".
func thirdParty(class string, abbreviated bool) string {
	if abbreviated {
		for _, p := range abbreviatedThirdParty {
			if strings.HasPrefix(class, p) {
				return reasonAbbreviated
			}
		}
		return ""
	}
	root, two := thirdPartyIndex.lookup(class)
	for _, list := range [2][]int{root, two} {
		for _, i := range list {
			if strings.HasPrefix(class, thirdPartyPrefixes[i].prefix) {
				return thirdPartyPrefixes[i].reason
			}
		}
	}
	return ""
}

// noise returns why the frame never contributes, or "".
func noise(class, simple, fn string, abbreviated bool) string {
	if abbreviated {
		return abbreviatedNoise(class, simple, fn)
	}
	root, two := noiseIndex.lookup(class)
	for _, list := range [2][]int{root, two} {
		for _, i := range list {
			r := &noiseRules[i]
			if (r.method == "" || r.method == fn) && matchName(class, r.prefix) {
				return r.reason
			}
		}
	}
	return ""
}

// abbreviatedNoise matches class rules by first letter and simple class name, and package rules by
// initials, since the package itself is gone. Both start with the rule's first letter, so the bucket of
// class[0] holds every candidate.
func abbreviatedNoise(class, simple, fn string) string {
	for _, i := range noiseByFirst[class[0]] {
		r := &noiseRules[i]
		if r.method != "" && r.method != fn {
			continue
		}
		if r.simple != "" {
			if matchName(simple, r.simple) {
				return r.reason
			}
			continue
		}
		for _, p := range r.initials {
			if p != "" && strings.HasPrefix(class, p) {
				return r.reason
			}
		}
	}
	return ""
}

// matchName matches a class against a rule prefix: a package ("pkg."), a name prefix ("pkg.Name*"), or a
// class with its nested classes ("pkg.Name" matches "pkg.Name" and "pkg.Name$Inner").
func matchName(class, prefix string) bool {
	switch prefix[len(prefix)-1] {
	case '.':
		return strings.HasPrefix(class, prefix)
	case '*':
		return strings.HasPrefix(class, prefix[:len(prefix)-1])
	}
	return strings.HasPrefix(class, prefix) && (len(class) == len(prefix) || class[len(prefix)] == '$')
}
