// Package orders is the order domain of the sample shop service.
package orders

import (
	"fmt"
	"sort"

	"github.com/pkg/errors"
)

// Line is one order line.
type Line struct {
	SKU   string
	Qty   int
	Price int
}

// Order is a customer order.
type Order struct {
	ID      int
	Lines   []Line
	Coupons []string
}

// DB is the storage handle; a nil *DB is the misconfiguration the nil-pointer scenario reproduces.
type DB struct {
	rows map[int]*Order
}

// Repo loads orders.
type Repo struct {
	db *DB
}

// NewRepo returns a repository over db.
func NewRepo(db *DB) *Repo { return &Repo{db: db} }

// NewDB returns a DB holding orders.
func NewDB(orders ...*Order) *DB {
	db := &DB{rows: map[int]*Order{}}
	for _, o := range orders {
		db.rows[o.ID] = o
	}
	return db
}

// Find returns the order with id.
func (r *Repo) Find(id int) (*Order, error) {
	o, ok := r.db.rows[id]
	if !ok {
		return nil, &NotFoundError{ID: id}
	}
	return o, nil
}

// Lookup is Find with pkg/errors context, as older services wrote it.
func (r *Repo) Lookup(id int) (*Order, error) {
	o, ok := r.db.rows[id]
	if !ok {
		return nil, errors.New("order not found")
	}
	return o, nil
}

// NotFoundError is returned by Find.
type NotFoundError struct{ ID int }

func (e *NotFoundError) Error() string { return fmt.Sprintf("order %d not found", e.ID) }

// Service applies pricing rules to orders.
type Service struct {
	repo  *Repo
	tiers []int
}

// NewService returns a Service with discount tiers indexed by quantity.
func NewService(repo *Repo, tiers ...int) *Service { return &Service{repo: repo, tiers: tiers} }

// Quote prices every line of order id.
func (s *Service) Quote(id int) ([]int, error) {
	//gen:closure
	o, err := s.repo.Find(id)
	if err != nil {
		return nil, fmt.Errorf("quote order %d: %w", id, err)
	}
	return Map(o.Lines, func(l Line) int {
		discount := func(qty int) int { return s.tiers[qty] }
		unit := l.Price / l.Qty
		return unit * l.Qty * (100 - discount(l.Qty)) / 100
	}), nil
}

// Checkout loads an order for payment, with pkg/errors wrapping.
func (s *Service) Checkout(id int) error {
	if _, err := s.repo.Lookup(id); err != nil {
		return errors.Wrapf(err, "checkout order %d", id)
	}
	return nil
}

// Refund loads an order to pay it back, with pkg/errors wrapping.
func (s *Service) Refund(id int, cents int) error {
	o, err := s.repo.Lookup(id)
	if err != nil {
		return errors.Wrapf(err, "refund %d cents on order %d", cents, id)
	}
	_ = o
	return nil
}

// DiscountRate is the share of the list price that tier t takes off, in percent of the base tier.
func (s *Service) DiscountRate(t int) int {
	return ratio(s.tiers[t], s.tiers[0])
}

// Rank sorts orders with a caller-supplied comparison.
func Rank(orders []*Order, score func(*Order) int) {
	sort.Slice(orders, func(i, j int) bool { return score(orders[i]) > score(orders[j]) })
}
