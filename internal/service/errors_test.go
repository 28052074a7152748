package service

import (
	"errors"

	"github.com/rapport-cx/rapport"
)

func asError(err error, target **rapport.Error) bool { return errors.As(err, target) }
