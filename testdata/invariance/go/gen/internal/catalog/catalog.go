// Package catalog validates product trees with a third-party reflection walker.
package catalog

import (
	"fmt"
	"reflect"

	"github.com/mitchellh/reflectwalk"
)

// Category is a node of the product tree.
type Category struct {
	Name     string
	Children []*Category
	Products []Product
}

// Product is a sellable item.
type Product struct {
	SKU    string
	Prices map[string]int
}

// validator is called back by reflectwalk for every struct field.
type validator struct{ seen int }

func (v *validator) Struct(reflect.Value) error { return nil }

func (v *validator) StructField(f reflect.StructField, val reflect.Value) error {
	v.seen++
	if f.Name == "Prices" {
		prices := val.Interface().(map[string]int)
		prices["EUR"] = prices["USD"] * 92 / 100 // nil map write when the product has no prices
	}
	return nil
}

// Validate walks c with reflectwalk.
func Validate(c *Category) error {
	return reflectwalk.Walk(c, &validator{})
}

// Depth returns the depth of the tree, recursing through children.
func Depth(c *Category, visit func(*Category, int)) int {
	return depth(c, 1, visit)
}

func depth(c *Category, d int, visit func(*Category, int)) int {
	visit(c, d)
	max := d
	for _, ch := range c.Children {
		if n := depth(ch, d+1, visit); n > max {
			max = n
		}
	}
	return max
}

// Chain builds a category chain n deep.
func Chain(n int) *Category {
	root := &Category{Name: "root"}
	c := root
	for i := 1; i < n; i++ {
		next := &Category{Name: fmt.Sprint("c", i)}
		c.Children = []*Category{next}
		c = next
	}
	return root
}
