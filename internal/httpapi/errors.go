package httpapi

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapport-cx/rapport"
)

// statusOf maps a domain error code to its HTTP status. It is the one place
// where that mapping lives.
var statusOf = map[string]int{
	rapport.ECONFLICT:     http.StatusConflict,
	rapport.EINVALID:      http.StatusBadRequest,
	rapport.ENOTFOUND:     http.StatusNotFound,
	rapport.EUNAUTHORIZED: http.StatusUnauthorized,
	rapport.EFORBIDDEN:    http.StatusForbidden,
	rapport.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	rapport.EOVERLOADED:   http.StatusTooManyRequests,
	rapport.EINTERNAL:     http.StatusInternalServerError,
}

// StatusOf returns the HTTP status for any error, 500 for unknown ones.
func StatusOf(err error) int {
	if s, ok := statusOf[rapport.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// toHTTP turns a domain error into a huma error with the right status, naming
// the field when the error is about one.
func (h *handlers) toHTTP(err error) error {
	status := StatusOf(err)
	if status == http.StatusInternalServerError {
		h.log.Error("api request failed", "err", err)
		return huma.Error500InternalServerError("internal error")
	}
	var details []error
	if e, ok := err.(*rapport.Error); ok && e.Field != "" {
		details = append(details, &huma.ErrorDetail{Location: e.Field, Message: e.Message})
	}
	return huma.NewError(status, rapport.ErrorMessage(err), details...)
}
