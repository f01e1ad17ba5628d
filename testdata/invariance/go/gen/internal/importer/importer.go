// Package importer reads order and price feeds from partners.
package importer

import (
	"strconv"
	"strings"

	"github.com/pkg/errors"
)

// OrderLine is one parsed line of an order feed.
type OrderLine struct {
	SKU string
	Qty int
}

// ParseOrders reads "sku;qty" lines.
func ParseOrders(feed string) ([]OrderLine, error) {
	var out []OrderLine
	for i, line := range strings.Split(feed, "\n") {
		l, err := parseOrderLine(line)
		if err != nil {
			return nil, errors.Wrapf(err, "order feed line %d", i+1)
		}
		out = append(out, l)
	}
	return out, nil
}

func parseOrderLine(line string) (OrderLine, error) {
	sku, qty, _ := strings.Cut(line, ";")
	n, err := strconv.Atoi(qty)
	if err != nil {
		return OrderLine{}, errors.WithStack(err)
	}
	return OrderLine{SKU: sku, Qty: n}, nil
}

// ParsePrices reads "sku;price" lines into cents.
func ParsePrices(feed string) (map[string]int, error) {
	out := map[string]int{}
	for i, line := range strings.Split(feed, "\n") {
		sku, price, _ := strings.Cut(line, ";")
		cents, err := parsePrice(price)
		if err != nil {
			return nil, errors.Wrapf(err, "price feed line %d", i+1)
		}
		out[sku] = cents
	}
	return out, nil
}

func parsePrice(s string) (int, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, errors.WithStack(err)
	}
	return int(f * 100), nil
}
