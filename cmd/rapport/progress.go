package main

import (
	"github.com/schollz/progressbar/v3"
)

// newBar draws import progress on stderr; total -1 shows a spinner with counts.
func newBar(e *env, total int64, what string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(200*1e6),
		progressbar.OptionSetWidth(30),
	)
}
