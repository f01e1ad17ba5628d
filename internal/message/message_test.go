package message

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// cases is the contract of Normalize: input and expected grouping form. Each placeholder has positive
// cases and near misses; the last group is real messages from each language's runtime or libraries.
var cases = []struct{ in, want string }{
	// Lines: first two non-empty lines, trimmed; "..." when anything after them was dropped.
	{"", ""},
	{" \t\r\n \n", ""},
	{"  boom  ", "boom"},
	{"\tboom\tnow\t", "boom\tnow"},
	{"first\nsecond", "first\nsecond"},
	{"first\r\nsecond\r\n", "first\nsecond"},
	{"\n\nfirst\n\n  \nsecond\n", "first\nsecond"},
	{"first\nsecond\nthird", "first\nsecond..."},
	{"first\n\nsecond\n\n\nthird 42\n", "first\nsecond..."},
	{"only 42\n\n   \n", "only <int>"},
	{"a\rb", "a\rb"},

	// email
	{"mail bob@example.com", "mail <email>"},
	{"mail bob.smith+tag@mail.example.co.uk, then", "mail <email>, then"},
	{"bob@example.com.", "<email>."},
	{"<bob@example.com>", "<<email>>"},
	{"x=user@example.org", "x=<email>"},
	{"user@EXAMPLE.COM", "<email>"},
	{"bob@localhost failed", "bob@localhost failed"},
	{"foo@bar and a@b.c", "foo@bar and a@b.c"},
	{"a@b.co_x", "a@b.co_x"},
	{"Key (email)=(a@b.co) already exists.", "Key (email)=(<email>) already exists."},

	// url: any scheme, up to whitespace or quotes; trailing punctuation and unopened brackets stay outside.
	{"fetch https://api.example.com/v1/users/42?x=1 failed", "fetch <url> failed"},
	{"fetch https://example.com/a, b", "fetch <url>, b"},
	{"(see https://example.com/a).", "(see <url>)."},
	{"see (https://example.com/a_(b)) here", "see (<url>) here"},
	{"url=http://example.com/a; next", "url=<url>; next"},
	{"'http://example.com/q'", "'<url>'"},
	{`Get "http://10.0.0.5:8080/api": EOF`, `Get "<url>": EOF`},
	{"postgres://user:pw@db:5432/app refused", "<url> refused"},
	{"jdbc:postgresql://db:5432/app refused", "jdbc:<url> refused"},
	{"s3://bucket/key/file.txt missing", "<url> missing"},
	{"git+ssh://git@github.com/a/b.git", "<url>"},
	{"tcp://user:pass@host:10", "<url>"},
	{"http:// nothing", "http:// nothing"},

	// hostname: labels ending in a common lowercase TLD.
	{"host db.internal.example.com down", "host <hostname> down"},
	{"host www.example.io:443", "host <hostname>:<int>"},
	{"host example.co.uk.", "host <hostname>."},
	{"status 404 from api.github.com/repos", "status <int> from <hostname>/repos"},
	{"lookup redis.default.svc.cluster.local: no such host", "lookup <hostname>: no such host"},
	{"main.py setup.sh lib.rs README.md libfoo.so", "main.py setup.sh lib.rs README.md libfoo.so"},
	{"log.info is not a function", "log.info is not a function"},
	{"ASP.NET Core and google.cloud.storage", "ASP.NET Core and google.cloud.storage"},
	{"e.g. i.e. x.comfy com.example.Foo", "e.g. i.e. x.comfy com.example.Foo"},
	{"db_host.example.com:5432", "<hostname>:<int>"},

	// ip
	{"10.0.0.5 and 255.255.255.255", "<ip> and <ip>"},
	{"0.0.0.0:80 bound", "<ip>:<int> bound"},
	{"ip 256.1.1.1", "ip <version>"},
	{"ip 192.168.1.300", "ip <version>"},
	{"ip 1.2.3.4.5", "ip <version>"},
	{"ip 1.2.3.4x", "ip <version>"},
	{"2001:db8::1 and 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "<ip> and <ip>"},
	{"::1 and :: and fe80::", "<ip> and :: and <ip>"},
	{"fe80::1%eth0 unreachable", "<ip> unreachable"},
	{"::ffff:192.168.0.1 blocked", "<ip> blocked"},
	{"connect to [::1]:5432 failed", "connect to [<ip>]:<int> failed"},
	{"std::vector Option::unwrap() Bee::buzz() dead::beef", "std::vector Option::unwrap() Bee::buzz() dead::beef"},
	{"1:2:3:4:5:6:7:8:9", "<int>:<ip>"},

	// traceparent
	{"tp 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "tp <traceparent>"},
	{"tp 00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01", "tp <traceparent>"},
	{"Root=1-67891233-abcdef012345678912345678", "Root=<traceparent>"},
	{"tp 00-0af7651916cd43dd8448eb211c80319-b7ad6b7169203331-01", "tp <int>-<hex>-<hex>-<int>"},

	// uuid
	{"id 550e8400-e29b-41d4-a716-446655440000 missing", "id <uuid> missing"},
	{"550E8400-E29B-41D4-A716-446655440000", "<uuid>"},
	{"{550e8400-e29b-41d4-a716-446655440000}", "{<uuid>}"},
	{"session_550e8400-e29b-41d4-a716-446655440000", "session_<uuid>"},
	{"550e8400-e29b-41d4-a716-44665544000", "<hex>-<hex>-<hex>-a716-<int>"},
	{"550e8400-e29b-41d4-a716-446655440000x", "<hex>-<hex>-<hex>-a716-446655440000x"},

	// sha1 and md5 (40 and 32 hex, one case); 31, 33, 39 and 41 are plain hex; mixed case is not hex.
	{"sha da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha <sha1>"},
	{"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "<sha1>"},
	{"da39a3ee5e6b4b0d3255bfef95601890afd8070", "<hex>"},
	{"da39a3ee5e6b4b0d3255bfef95601890afd807090", "<hex>"},
	{"md5 d41d8cd98f00b204e9800998ecf8427e", "md5 <md5>"},
	{"d41d8cd98f00b204e9800998ecf8427", "<hex>"},
	{"d41d8cd98f00b204e9800998ecf8427e1", "<hex>"},
	{"D41d8cd98f00b204e9800998ecf8427e", "<id>"},
	{"trace_id=4bf92f3577b34da6a3ce929d0e0e4736)", "trace_id=<md5>)"},

	// date
	{"on 2024-01-02 ok", "on <date> ok"},
	{"2024/01/02 and 2024-13-02 and 2024-01-32", "<date> and <int>-<int>-<int> and <int>-<int>-<int>"},
	{"at 2024-01-02T15:04:05Z", "at <date>"},
	{"at 2024-01-02T15:04:05.999999999+07:00.", "at <date>."},
	{"2024-01-02 15:04:05,123 ERROR boom", "<date> ERROR boom"},
	{"2024-01-02 15:04:05.123456 +0000 UTC m=+0.000000001", "<date> m=+<float>"},
	{"2024-01-02T15:04 x", "<date> x"},
	{"x2024-01-02 and 2024-01-02abc", "x2024-01-02 and <int>-<int>-02abc"},
	{"file_2024-01-02.log", "file_<date>.log"},
	{"20060102T150405Z and 20060102T150405.123+0100 and 20060102", "<date> and <date> and <int>"},
	{"15:04:05 and 15:04:05.123 and 25:00:00", "<date> and <date> and <int>:<int>:<int>"},
	{"line 10:30 col", "line <int>:<int> col"},
	{"9:05:03 AM and 12:30pm and 10:30 amazing", "<date> and <date> and <int>:<int> amazing"},
	{"Mon, 02 Jan 2006 15:04:05 -0700", "<date>"},
	{"Mon, 02 Jan 2006 15:04:05 MST", "<date>"},
	{"Monday, 02-Jan-06 15:04:05 MST", "<date>"},
	{"02 Jan 06 15:04 MST", "<date>"},
	{"Mon Jan  2 15:04:05 2006", "<date>"},
	{"Tue Jan 02 15:04:05 PST 2024", "<date>"},
	{"Mon Jan 02 2006 15:04:05 GMT-0800 (Pacific Standard Time) x", "<date> x"},
	{"Thu Dec 31 2020 23:59:59 GMT+0100 (Mitteleuropäische Normalzeit)", "<date>"},
	{"Jan  2 15:04:05 myhost sshd[123]: fail", "<date> myhost sshd[<int>]: fail"},
	{"02/Jan/2006:15:04:05 -0700 GET", "<date> GET"},
	{"JAN 02, 2006 happened", "<date> happened"},
	{"May 5 retries; Sun is up; Monkey 3", "May <int> retries; Sun is up; Monkey <int>"},

	// duration: Go-style units glued to the number; spelled-out units keep the word.
	{"timed out after 30005ms.", "timed out after <duration>."},
	{"took 1.5s and 250us, 250µs and 250μs", "took <duration> and <duration>, <duration> and <duration>"},
	{"took 2m30s and 1h2m3.5s and 100ns", "took <duration> and <duration> and <duration>"},
	{"took 5min, 3secs and 2hrs", "took <duration>, <duration> and <duration>"},
	{"waited 10 seconds and 5 min", "waited <int> seconds and <int> min"},
	{"timeout=30s and after -1.5s", "timeout=<duration> and after <duration>"},
	{"5ms5 5msg 1st 2nd 64bit 10MB timeout-30s", "5ms5 5msg 1st 2nd 64bit 10MB timeout-30s"},

	// hex: 0x, or one-case runs with letters and digits of 8-128, or 4-6 that alternate at least twice.
	{"ptr 0x7fff5fbff8c8", "ptr <hex>"},
	{"0x1F and 0X1f and 0xdeadBEEF", "<hex> and <hex> and <hex>"},
	{"0x and 0xg1 and a0x12", "0x and 0xg1 and a0x12"},
	{"ptr=0x7ffd5fbff8c8,", "ptr=<hex>,"},
	{"deadbeef1 and DEADBEEF1 and DeadBeef1", "<hex> and <hex> and DeadBeef1"},
	{"deadbeef and DEADBEEF", "deadbeef and DEADBEEF"},
	{"9af8 3f9a1c 1a2b a1b2c3", "<hex> <hex> <hex> <hex>"},
	{"ab12 abc1 E1000 E11000 fe80 cafe12", "ab12 abc1 E1000 E11000 fe80 cafe12"},
	{"tmp_a8f3e9c2.lock", "tmp_<hex>.lock"},
	{"open /var/lib/app/2a3f.lock", "open /var/lib/app/<hex>.lock"},
	{"-deadbeef12 and x-deadbeef12", "-<hex> and x-<hex>"},
	{strings.Repeat("ab12", 32), "<hex>"},
	{strings.Repeat("ab12", 32) + "a", "<id>"},

	// git sha: exactly 7 lowercase hex with a letter and a digit (lengths never overlap hex).
	{"commit a93c7d2 done", "commit <git_sha> done"},
	{"build_a93c7d2", "build_<git_sha>"},
	{"abcdef1 ABCDEF1 abcdefg a93c7d2x", "<git_sha> ABCDEF1 abcdefg a93c7d2x"},

	// id: base62 tokens of 16+ characters with 3+ digits and 3+ letter/digit switches.
	{"request k9Mtd2gDcgGx7Qp1Lz failed", "request <id> failed"},
	{"req_k9Mtd2gDcgGx7Qp1Lz and cus_NffrFeUfNV2Hib", "req_<id> and cus_NffrFeUfNV2Hib"},
	{"charges/ch_3MmlLrLkdIwHu7ix0snN0B15 failed", "charges/ch_<id> failed"},
	{"AbstractFactory123Bean getUserById2024", "AbstractFactory123Bean getUserById2024"},
	{"KeyError: 'k9Mtd2gDcgGx7Qp1Lz'", "KeyError: '<id>'"},

	// version: three or more numeric parts, optional v and suffix.
	{"version 1.2.3 and v1.2.3 and 1.2.3-rc.1", "version <version> and <version> and <version>"},
	{"hibernate 5.4.2.Final and 1.2.3+build.5", "hibernate <version> and <version>"},
	{"python3.12 go1.21.5 node-v18.17.0 python-3.12.1", "python3.12 go1.21.5 node-<version> python-<version>"},
	{"Python 3.11.4 and Go 1.26", "Python <version> and Go <float>"},

	// float
	{"pi 3.14 and -0.5 and 1e10 and 6.02E23 and 1e-9", "pi <float> and <float> and <float> and <float> and <float>"},
	{".5 and 1. and 1.0 and v1.0", ".<int> and <int>. and <float> and v1.0"},
	{"HTTP/1.1 and HTTP/2", "HTTP/<float> and HTTP/<int>"},
	{"x = -3.5e10", "x = <float>"},

	// int: not glued to letters; a sign when nothing word-like precedes the '-'.
	{"order 42 and order #42", "order <int> and order #<int>"},
	{"order-42 order_42 order42 v2 ab12 12ab 3d", "order-42 order_42 order42 v2 ab12 12ab 3d"},
	{"order-12345 and order_12345 and order.12345", "order-<int> and order_<int> and order.<int>"},
	{"ORA-00942 and user12345 and job_839210x", "ORA-00942 and user12345 and job_839210x"},
	{"-42 and x -42 and x=-42 and (-42)", "<int> and x <int> and x=<int> and (<int>)"},
	{"--42 and a--42 and a-5", "-<int> and a--42 and a-5"},
	{"1-5 and 10-20 items and 2-3-4", "<int>-<int> and <int>-<int> items and <int>-<int>-<int>"},
	{"utf-8 UTF-16LE ISO-8859-1 windows-1252 x86-64 sha-256 AES-256-GCM", "utf-8 UTF-16LE ISO-8859-1 windows-1252 x86-64 sha-256 AES-256-GCM"},
	{"x86_64 log4j s3 http2 v1 ipv6 sha256 utf8 int64", "x86_64 log4j s3 http2 v1 ipv6 sha256 utf8 int64"},
	{"4,150,908 rows and 1,234 and 12,345.67", "<int> rows and <int> and <float>"},
	{"1,2,3 and 1,23 and 1234,567 and 1,234,5678", "<int>,<int>,<int> and <int>,<int> and <int>,<int> and <int>,<int>,<int>"},
	{"f(1,234) and [1, 2, 3]", "f(<int>) and [<int>, <int>, <int>]"},
	{"007 and 0 and 12345678901234567890", "<int> and <int> and <int>"},
	{"port 8080 and :8080 and localhost:8080", "port <int> and :<int> and localhost:<int>"},

	// quoted values after '=' (only directly after it) and booleans.
	{"a='b' and a=\"b c\"", "a=<quoted_str> and a=<quoted_str>"},
	{"a='' and a=\"\" and a='x' b='y'", "a=<quoted_str> and a=<quoted_str> and a=<quoted_str> b=<quoted_str>"},
	{"a= 'b' and a = \"b\" and a='unterminated", "a= 'b' and a = \"b\" and a='unterminated"},
	{"x=true x=false x=True x=FALSE", "x=<bool> x=<bool> x=<bool> x=<bool>"},
	{"x=truex x= true truth=trueish", "x=truex x= true truth=trueish"},
	{"Couldn't find Order with 'id'=42", "Couldn't find Order with 'id'=<int>"},
	{"it's 42 o'clock, don't 'x'", "it's <int> o'clock, don't 'x'"},
	{"KeyError: 'user_42'", "KeyError: 'user_42'"},

	// Unicode letters glue like ASCII ones; invalid UTF-8 is copied through and is not a letter.
	{"café42 42café 日本42 ユーザー42が見つかりません", "café42 42café 日本42 ユーザー42が見つかりません"},
	{"naïve 42 and 42 ü", "naïve <int> and <int> ü"},
	{"Ошибка 42 в строке 7", "Ошибка <int> в строке <int>"},
	{"été-8 and é-12345", "été-8 and é-<int>"},
	{"bad \xff\xfe 42 \xff42 \xc3", "bad \xff\xfe <int> \xff<int> \xc3"},

	// Real messages.
	{`java.lang.NullPointerException: Cannot invoke "String.length()" because "<local1>" is null`,
		`java.lang.NullPointerException: Cannot invoke "String.length()" because "<local1>" is null`},
	{"HikariPool-1 - Connection is not available, request timed out after 30005ms (total=10, active=10, idle=0, waiting=3)",
		"HikariPool-1 - Connection is not available, request timed out after <duration> (total=<int>, active=<int>, idle=<int>, waiting=<int>)"},
	{"java.net.SocketTimeoutException: Read timed out after 5000 ms", "java.net.SocketTimeoutException: Read timed out after <int> ms"},
	{"java.io.FileNotFoundException: /tmp/x (No such file)", "java.io.FileNotFoundException: /tmp/x (No such file)"},
	{"KeyError: 42", "KeyError: <int>"},
	{"redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.",
		"redis.exceptions.ConnectionError: Error <int> connecting to localhost:<int>. Connection refused."},
	{"dial tcp 10.0.0.5:5432: connect: connection refused", "dial tcp <ip>:<int>: connect: connection refused"},
	{"panic: runtime error: index out of range [5] with length 3", "panic: runtime error: index out of range [<int>] with length <int>"},
	{`rpc error: code = Unavailable desc = "transport: Error while dialing: dial tcp 10.96.0.12:50051: i/o timeout"`,
		`rpc error: code = Unavailable desc = "transport: Error while dialing: dial tcp <ip>:<int>: i/o timeout"`},
	{"Error: connect ECONNREFUSED 127.0.0.1:6379", "Error: connect ECONNREFUSED <ip>:<int>"},
	{"Error: ENOENT: no such file or directory, open '/app/data/8f14e45f.json'", "Error: ENOENT: no such file or directory, open '/app/data/<hex>.json'"},
	{"TypeError: Cannot read properties of undefined (reading 'id')", "TypeError: Cannot read properties of undefined (reading 'id')"},
	{"System.Collections.Generic.KeyNotFoundException: The given key '42' was not present in the dictionary.",
		"System.Collections.Generic.KeyNotFoundException: The given key '<int>' was not present in the dictionary."},
	{"ActiveRecord::RecordNotFound: Couldn't find Order with 'id'=42", "ActiveRecord::RecordNotFound: Couldn't find Order with 'id'=<int>"},
	{"Warning: Undefined array key 5 in /var/www/html/index.php on line 12", "Warning: Undefined array key <int> in /var/www/html/index.php on line <int>"},
	{"Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)", "Allowed memory size of <int> bytes exhausted (tried to allocate <int> bytes)"},
	{"ERROR: duplicate key value violates unique constraint \"users_email_key\"\n  Detail: Key (email)=(a@b.co) already exists.\n  Where: SQL statement",
		"ERROR: duplicate key value violates unique constraint \"users_email_key\"\nDetail: Key (email)=(<email>) already exists...."},
	{"Deadlock found when trying to get lock; try restarting transaction at 2024-03-05 10:11:12.345",
		"Deadlock found when trying to get lock; try restarting transaction at <date>"},
}

func TestNormalize(t *testing.T) {
	for _, tc := range cases {
		if got := string(Normalize(nil, tc.in)); got != tc.want {
			t.Errorf("Normalize(%q)\n got: %q\nwant: %q", tc.in, got, tc.want)
		}
	}
	if len(cases) < 150 {
		t.Errorf("only %d cases", len(cases))
	}
}

func TestNormalizeAppends(t *testing.T) {
	got := Normalize([]byte("x-"), "-5 a-5")
	if string(got) != "x-<int> a-5" { // left context never reaches into the caller's prefix
		t.Errorf("got %q", got)
	}
}

func TestNormalizeBounded(t *testing.T) {
	long := strings.Repeat("ab ", 2000) // 6000 bytes
	got := string(Normalize(nil, long+"\nsecond"))
	if want := long[:maxInput] + "..."; got != want {
		t.Errorf("long line: got %d bytes ending %q", len(got), got[len(got)-10:])
	}
	// A cut never splits a UTF-8 sequence.
	got = string(Normalize(nil, strings.Repeat("a", maxInput-1)+"é tail"))
	if want := strings.Repeat("a", maxInput-1) + "..."; got != want {
		t.Errorf("cut inside a rune: got ...%q", got[len(got)-8:])
	}
	// The second line gets what the first left of the budget.
	got = string(Normalize(nil, strings.Repeat("a", maxInput-3)+"\n42 43"))
	if want := strings.Repeat("a", maxInput-3) + "\n<int>..."; got != want { // "42 " was trimmed
		t.Errorf("second line: got ...%q", got[len(got)-12:])
	}
}

func TestFirstLine(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"\n \r\n\t":          "",
		"boom":               "boom",
		"\n\n  boom 42 \r\n": "boom 42",
		"a\nb":               "a",
	} {
		if got := FirstLine(in); got != want {
			t.Errorf("FirstLine(%q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = FirstLine("\n  boom\nx") }); n != 0 {
		t.Errorf("FirstLine allocates %v times", n)
	}
}

// TestIdempotent: normalising the output again changes nothing.
func TestIdempotent(t *testing.T) {
	for _, tc := range cases {
		once := Normalize(nil, tc.in)
		if twice := Normalize(nil, string(once)); string(twice) != string(once) {
			t.Errorf("Normalize(%q) = %q, but again gives %q", tc.in, once, twice)
		}
	}
}

// mixPieces are fragments that sit at the edges of the matchers: concatenated at random they probe the
// interactions (placeholders next to separators, tokens cut short) that break idempotency.
var mixPieces = []string{"1", "12", "123", "1234", "12345", "0", "9", "30", "59", "99", "2006", "20060102", "a", "x",
	"e", "E", "f", "F", "ab", "AB", "ab12", "deadbeef12", "a93c7d2", "-", ".", ":", "::", "_", "@", "=", "'", "\"",
	" ", "\t", "/", ",", "<", ">", "(", ")", "[", "]", "%", "#", "...", "\n", "<int>", "<hex>", "com", "co", ".io",
	".com", "example", "www.", "user@", "@example.com", "a@b.co", "http://", "ftp://", "v", "Jan", "Mon", "Jan  2",
	" 2006", "Mon, 02 Jan 2006", "02 Jan", "2024-01-02", "15:04:05", "T", "Z", "+0100", "GMT-0800", " (", "PM",
	"UTC", "GMT", "ms", "s", "m", "µs", "true", "=true", "='x'", "550e8400-e29b-41d4-a716-446655440000", "1.2.3",
	"10.0.0.5", "fe80", "fe80::1", "2001:db8::", "::ffff:", "%eth0", "00-", "Root=1-", "k9Mtd2gDcgGx7Qp1Lz", "0x",
	"0x1f", "1e", "e5", "1,234", "1,", "1.", ".5", "-1", "1-", "é", "\xff"}

// TestIdempotentMix normalises random concatenations of mixPieces twice.
func TestIdempotentMix(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var in strings.Builder
	for n := 0; n < 300000; n++ {
		in.Reset()
		for range 2 + r.IntN(8) {
			in.WriteString(mixPieces[r.IntN(len(mixPieces))])
		}
		once := Normalize(nil, in.String())
		if twice := Normalize(nil, string(once)); string(twice) != string(once) {
			t.Fatalf("Normalize(%q) = %q, but again gives %q", in.String(), once, twice)
		}
	}
}

// TestLinear: pathological inputs cost the same per byte at 4 KiB as at 512 bytes. A quadratic matcher
// would make the long input about 8 times slower per byte; the bound leaves room for a noisy machine.
func TestLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	dst := make([]byte, 0, 64<<10)
	perByte := func(s string) float64 {
		best := math.MaxFloat64
		for range 3 {
			n, start := 0, time.Now()
			for ; time.Since(start) < 10*time.Millisecond; n++ {
				dst = Normalize(dst[:0], s)
			}
			best = min(best, float64(time.Since(start))/float64(n*len(s)))
		}
		return best
	}
	for _, unit := range []string{"1", "1.", "1:", "1-", "1,", "a.", "a-", "a_", "a@", "a.b@", "='", "=\"", "0x",
		"ab", "a1", "::", "-", "Jan ", "http://", "a1.", "1.1.1.1.", "a@b.", "00-"} {
		short := strings.Repeat(unit, 512/len(unit))
		long := strings.Repeat(unit, maxInput/len(unit))
		if r := perByte(long) / perByte(short); r > 4 {
			t.Errorf("%q: %.1f times slower per byte at %d bytes than at %d", unit, r, len(long), len(short))
		}
	}
}

func TestZeroAlloc(t *testing.T) {
	dst := make([]byte, 0, 64<<10)
	for _, m := range benchMessages {
		if n := testing.AllocsPerRun(50, func() { dst = Normalize(dst[:0], m) }); n != 0 {
			t.Errorf("Normalize(%q) allocates %v times", m, n)
		}
	}
}

// benchMessages is a realistic mix: mostly short messages with a few parameters, some multi-line.
var benchMessages = []string{
	`java.lang.NullPointerException: Cannot invoke "com.acme.User.getName()" because the return value of "com.acme.Repo.find(long)" is null`,
	"HikariPool-1 - Connection is not available, request timed out after 30005ms.",
	"KeyError: 'user_42'",
	"dial tcp 10.0.0.5:5432: connect: connection refused",
	"connect ECONNREFUSED 127.0.0.1:6379",
	"The given key '42' was not present in the dictionary.",
	"Couldn't find Order with 'id'=42",
	"Undefined array key 5",
	"duplicate key value violates unique constraint \"users_email_key\"\nDETAIL:  Key (email)=(a@b.co) already exists.",
	`Get "https://api.example.com/v1/orders/8812?expand=items": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
	"upstream request timeout for request k9Mtd2gDcgGx7Qp1Lz at 2024-03-05T10:11:12.345Z",
	"Invalid session 550e8400-e29b-41d4-a716-446655440000 for user bob@example.com",
	"TypeError: Cannot read properties of undefined (reading 'map')",
	"panic: runtime error: index out of range [5] with length 3",
	"could not serialize access due to concurrent update",
	"Lock wait timeout exceeded; try restarting transaction (trace_id=4bf92f3577b34da6a3ce929d0e0e4736)",
	"SSL handshake failed with api.stripe.com:443 after 1.5s",
	"object 0x7f3a2c001e40 freed twice (refcount=-1)",
	"Traceback (most recent call last):\n  File \"/app/worker.py\", line 88, in run\n    process(job)\nValueError: invalid literal for int() with base 10: 'abc'",
	"Order 1,234 exceeds the limit of 1,000 items on Mon, 02 Jan 2006 15:04:05 GMT",
}

func BenchmarkNormalize(b *testing.B) {
	n := 0
	for _, m := range benchMessages {
		n += len(m)
	}
	dst := make([]byte, 0, 4096)
	b.SetBytes(int64(n / len(benchMessages)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		dst = Normalize(dst[:0], benchMessages[i%len(benchMessages)])
	}
}

func FuzzNormalize(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.in)
	}
	for _, m := range benchMessages {
		f.Add(m)
	}
	for _, p := range mixPieces {
		f.Add(p + " " + p)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Normalize(nil, in)
		if utf8.ValidString(in) && !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 output %q for %q", out, in)
		}
		if len(out) > maxInput {
			return // a second pass would cut at a different place (placeholders can be longer than the text)
		}
		if again := Normalize(nil, string(out)); string(again) != string(out) {
			t.Fatalf("not idempotent:\n in:  %q\n out: %q\n out2: %q", in, out, again)
		}
		if FirstLine(in) == "" && len(out) != 0 {
			t.Fatalf("blank message %q normalised to %q", in, out)
		}
	})
}
