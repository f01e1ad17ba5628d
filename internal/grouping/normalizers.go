package grouping

import (
	"github.com/errorgrouping/errorgrouping/internal/frames"
	dotnetframes "github.com/errorgrouping/errorgrouping/internal/frames/dotnet"
	goframes "github.com/errorgrouping/errorgrouping/internal/frames/golang"
	jsframes "github.com/errorgrouping/errorgrouping/internal/frames/javascript"
	jvmframes "github.com/errorgrouping/errorgrouping/internal/frames/jvm"
	phpframes "github.com/errorgrouping/errorgrouping/internal/frames/php"
	pythonframes "github.com/errorgrouping/errorgrouping/internal/frames/python"
	rubyframes "github.com/errorgrouping/errorgrouping/internal/frames/ruby"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// normalizers is indexed by stack.Language; a missing entry falls back to frames.Generic.
var normalizers = [...]frames.NormalizeFunc{
	stack.Unknown:    frames.Generic,
	stack.Python:     pythonframes.Normalize,
	stack.PHP:        phpframes.Normalize,
	stack.Ruby:       rubyframes.Normalize,
	stack.DotNet:     dotnetframes.Normalize,
	stack.Go:         goframes.Normalize,
	stack.JavaScript: jsframes.Normalize,
	stack.JVM:        jvmframes.Normalize,
}
