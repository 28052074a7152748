package rapport

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer; httpapi maps each to one HTTP status.
const (
	ECONFLICT     = "conflict"     // the request conflicts with existing state
	EINTERNAL     = "internal"     // an unexpected failure
	EINVALID      = "invalid"      // the input is malformed or out of range
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	EUNAUTHORIZED = "unauthorized" // missing or wrong credentials
	EFORBIDDEN    = "forbidden"    // credentials lack the needed role or scope
	ETOOLARGE     = "too_large"    // the request exceeds a size limit
	EOVERLOADED   = "overloaded"   // the server cannot take more work now
)

// Error is a domain error: a machine-readable code, a message for people and,
// when the error is about one input field, that field.
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("rapport: %s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("rapport: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID *Error about one field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic text for other errors so internals never leak to users.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorField returns the field of the first *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
