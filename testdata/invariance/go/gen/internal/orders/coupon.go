package orders

// Coupon takes Percent off one line of an order.
type Coupon struct {
	Percent int
	Line    int
}

// Coupons are the active coupon codes.
var Coupons = map[string]*Coupon{
	"WELCOME10": {Percent: 10, Line: 0},
	"BULK5":     {Percent: 5, Line: 2},
}

// ApplyCoupons returns the order total after its coupons. An unknown code is a nil *Coupon and a coupon
// for a line the order does not have indexes past its lines: two bugs in one function.
func ApplyCoupons(o *Order) int {
	total := 0
	for _, l := range o.Lines {
		total += l.Price * l.Qty
	}
	for _, code := range o.Coupons {
		c := Coupons[code]
		l := o.Lines[c.Line]
		total -= l.Price * l.Qty * c.Percent / 100
	}
	return total
}
