package grouping

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

const pyStack = `Traceback (most recent call last):
  File "/srv/app/shop/views.py", line 17, in get_order
    order = repo.fetch(order_id)
  File "/srv/app/shop/db.py", line 31, in fetch
    raise OrderNotFound(f"order {order_id} missing")
shop.errors.OrderNotFound: order 42 missing
`

func group(e Error) Issue { return New(Options{}).Group(&e) }

func TestStackStrategyIgnoresLineNumbersAndMessages(t *testing.T) {
	base := group(Error{Service: "shop", Language: stack.Python, Stack: pyStack})
	assert.Equal(t, Stacktrace, base.Kind)
	assert.Equal(t, "shop.errors.OrderNotFound: order <int> missing", base.Title, "type and message come from the stack text")
	assert.Equal(t, "shop/db in fetch", base.Culprit)

	moved := strings.NewReplacer("line 17", "line 19", "line 31", "line 40", "order 42", "order 977").Replace(pyStack)
	assert.Equal(t, base.ID, group(Error{Service: "shop", Language: stack.Python, Stack: moved}).ID)

	otherFn := strings.Replace(pyStack, "in fetch", "in load", 1)
	assert.NotEqual(t, base.ID, group(Error{Service: "shop", Language: stack.Python, Stack: otherFn}).ID)
	otherType := strings.Replace(pyStack, "shop.errors.OrderNotFound", "KeyError", 1)
	assert.NotEqual(t, base.ID, group(Error{Service: "shop", Language: stack.Python, Stack: otherType}).ID)
	assert.NotEqual(t, base.ID, group(Error{Service: "billing", Language: stack.Python, Stack: pyStack}).ID)
}

func TestStackLanguageIsDetectedWithoutSDKLanguage(t *testing.T) {
	declared := group(Error{Service: "shop", Language: stack.Python, Stack: pyStack})
	detected := group(Error{Service: "shop", Stack: pyStack})
	assert.Equal(t, declared.ID, detected.ID)
}

func TestTracerTypeWinsOverTheParsedOne(t *testing.T) {
	a := group(Error{Service: "shop", Type: "OrderNotFound", Message: "order 1 missing", Stack: pyStack})
	assert.Equal(t, "OrderNotFound: order <int> missing", a.Title)
	assert.Equal(t, Stacktrace, a.Kind)
}

func TestStackWithoutFramesFallsBackToTheException(t *testing.T) {
	issue := group(Error{Service: "shop", Language: stack.Python, Stack: "Exception: Critical fail 42!\n"})
	assert.Equal(t, Exception, issue.Kind)
	assert.Equal(t, "Exception: Critical fail <int>!", issue.Title)
	assert.Empty(t, issue.Culprit)
}

func TestUnparseableStackNeverFails(t *testing.T) {
	for _, junk := range []string{"\x00\xff\xfe", strings.Repeat("at (", 10000), "\n\n\n", strings.Repeat("é", 5000)} {
		issue := group(Error{Service: "s", Type: "E", Stack: junk})
		assert.Len(t, issue.ID, 32)
	}
}

func TestDefaultInsideCustomArrayIsTheStackFingerprint(t *testing.T) {
	def := group(Error{Service: "shop", Stack: pyStack})
	split := group(Error{Service: "shop", Stack: pyStack, Fingerprint: []string{"{{ default }}", "tenant-a"}, FingerprintIsArray: true})
	assert.Equal(t, Custom, split.Kind)
	assert.NotEqual(t, def.ID, split.ID)
	assert.True(t, strings.HasPrefix(split.Fingerprint, def.Fingerprint+" | "), "%q should extend %q", split.Fingerprint, def.Fingerprint)
}

func TestExceptionGroupMembersCountInAnyOrder(t *testing.T) {
	member := func(fn, typ string) string {
		return "    | Traceback (most recent call last):\n" +
			"    |   File \"/app/shop/tasks.py\", line 5, in " + fn + "\n" +
			"    | " + typ + ": bad\n"
	}
	group3 := func(a, b string) string {
		return "  + Exception Group Traceback (most recent call last):\n" +
			"  |   File \"/app/shop/main.py\", line 10, in run\n" +
			"  | ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)\n" +
			"  +-+---------------- 1 ----------------\n" + a +
			"    +---------------- 2 ----------------\n" + b +
			"    +------------------------------------\n"
	}
	ab := group(Error{Service: "s", Stack: group3(member("fetch", "ValueError"), member("store", "KeyError"))})
	ba := group(Error{Service: "s", Stack: group3(member("store", "KeyError"), member("fetch", "ValueError"))})
	other := group(Error{Service: "s", Stack: group3(member("fetch", "ValueError"), member("fetch", "ValueError"))})
	assert.Equal(t, Stacktrace, ab.Kind)
	assert.Equal(t, ab.ID, ba.ID)
	assert.NotEqual(t, ab.ID, other.ID)
}

func TestEngineIsSafeForConcurrentUse(t *testing.T) {
	engine := New(Options{})
	want := engine.Group(&Error{Service: "shop", Stack: pyStack}).ID
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				e := Error{Service: "shop", Stack: pyStack}
				require.Equal(t, want, engine.Group(&e).ID)
			}
		}()
	}
	wg.Wait()
}

func TestGoPanicsWithoutTypeAreToldApartByWhatTheyPanickedWith(t *testing.T) {
	dump := func(msg string) string {
		return "panic: " + msg + "\n\ngoroutine 7 [running]:\ngithub.com/acme/shop/internal/pricing.Quote(0x3)\n" +
			"\t/src/shop/internal/pricing/quote.go:42 +0x1d\nmain.main()\n\t/src/shop/main.go:9 +0x25\n"
	}
	index5 := group(Error{Service: "shop", Language: stack.Go, Stack: dump("runtime error: index out of range [5] with length 3")})
	index7 := group(Error{Service: "shop", Language: stack.Go, Stack: dump("runtime error: index out of range [7] with length 2")})
	nilDeref := group(Error{Service: "shop", Language: stack.Go, Stack: dump("runtime error: invalid memory address or nil pointer dereference")})
	assert.Equal(t, Stacktrace, index5.Kind)
	assert.Equal(t, index5.ID, index7.ID)
	assert.NotEqual(t, index5.ID, nilDeref.ID)
}
