// Package worker runs background jobs.
package worker

import "sync"

// Pool runs jobs in goroutines.
type Pool struct {
	wg   sync.WaitGroup
	errs chan error
}

// NewPool returns a pool that buffers up to n job errors.
func NewPool(n int) *Pool { return &Pool{errs: make(chan error, n)} }

// Go runs job in a new goroutine.
func (p *Pool) Go(job func() error) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.run(func() {
			if err := job(); err != nil {
				p.errs <- err
			}
		})
	}()
}

func (p *Pool) run(fn func()) { fn() }

// Wait waits for every job.
func (p *Pool) Wait() { p.wg.Wait() }
