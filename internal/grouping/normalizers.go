package grouping

import (
	"github.com/errorgrouping/errorgrouping/internal/frames"
	pythonframes "github.com/errorgrouping/errorgrouping/internal/frames/python"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// normalizers is indexed by stack.Language; a missing entry falls back to frames.Generic.
var normalizers = [...]frames.NormalizeFunc{
	stack.Unknown: frames.Generic,
	stack.Python:  pythonframes.Normalize,
}
