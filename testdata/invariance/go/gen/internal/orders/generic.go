package orders

// Map applies fn to every element of in.
func Map[T, U any](in []T, fn func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, fn(v))
	}
	return out
}

// Money is an amount in cents.
type Money struct{ Cents int64 }

// String has a value receiver: calling it through a nil *Money in an interface panics in the
// compiler-generated pointer wrapper.
func (m Money) String() string { return "$" + itoa(m.Cents/100) }

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
