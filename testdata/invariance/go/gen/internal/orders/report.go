package orders

// ratio is a in percent of b; both callers below forget that b can be zero.
func ratio(a, b int) int {
	return a * 100 / b
}

// AverageBasket is the mean order value of orders, in cents.
func AverageBasket(orders []*Order) int {
	sum := 0
	for _, o := range orders {
		for _, l := range o.Lines {
			sum += l.Price * l.Qty
		}
	}
	return ratio(sum, len(orders)) / 100
}
