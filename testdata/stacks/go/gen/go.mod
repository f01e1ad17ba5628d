module github.com/acme/shop

go 1.26

require (
	github.com/mitchellh/reflectwalk v1.0.2
	github.com/pkg/errors v0.9.1
)
