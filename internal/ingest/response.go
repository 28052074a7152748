package ingest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/rapport-cx/rapport"
)

// successBody is the answer to an accepted request, as Segment sends it.
var successBody = map[string]bool{"success": true}

// errorBody is the JSON answer to a rejected request.
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail says what was wrong and, for validation errors, where.
type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Index   *int   `json:"index,omitempty"`
	Field   string `json:"field,omitempty"`
}

// statusOf maps error codes to HTTP statuses.
var statusOf = map[string]int{
	rapport.EINVALID:      http.StatusBadRequest,
	rapport.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	rapport.EUNAUTHORIZED: http.StatusUnauthorized,
	rapport.EOVERLOADED:   http.StatusTooManyRequests,
	codeUnavailable:       http.StatusServiceUnavailable,
	codeUnsupported:       http.StatusUnsupportedMediaType,
}

// codeUnsupported is the error code of an unknown Content-Encoding.
const codeUnsupported = "unsupported_encoding"

// errorResponse is the status and body for an error.
func errorResponse(err error) (int, errorBody) {
	var me *MessageError
	if errors.As(err, &me) {
		d := errorDetail{Code: me.Code, Message: me.Message, Field: me.Field}
		if me.Index >= 0 {
			d.Index = &me.Index
		}
		return statusFor(me.Code), errorBody{d}
	}
	code := rapport.ErrorCode(err)
	return statusFor(code), errorBody{errorDetail{Code: code, Message: rapport.ErrorMessage(err)}}
}

// statusFor is the HTTP status of an error code, 500 for unknown codes.
func statusFor(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// rejectReason names a rejected request's status for Stats.Rejected.
func rejectReason(status int) string {
	switch status {
	case http.StatusBadRequest, http.StatusUnsupportedMediaType:
		return RejectInvalid
	case http.StatusRequestEntityTooLarge:
		return RejectTooLarge
	case http.StatusUnauthorized:
		return RejectUnauthorized
	case http.StatusTooManyRequests:
		return RejectOverloaded
	case http.StatusServiceUnavailable:
		return RejectUnavailable
	}
	return RejectStoreError
}

// writeJSON sends a JSON answer.
func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// buffers recycles request bodies.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putBuffer returns a body buffer to the pool unless it grew unusually big.
func putBuffer(b *bytes.Buffer) {
	if b != nil && b.Cap() <= 1<<20 {
		b.Reset()
		buffers.Put(b)
	}
}

// readBody reads the request body, gunzipping it if needed, and fails with
// ETOOLARGE when it (compressed or not) exceeds limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int) (*bytes.Buffer, error) {
	buf := buffers.Get().(*bytes.Buffer)
	var body io.Reader = http.MaxBytesReader(w, r.Body, int64(limit))
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return buf, tooLargeOr(err, rapport.Errorf(rapport.EINVALID, "body is not valid gzip: %v", err))
		}
		defer zr.Close()
		body = zr
	default:
		return buf, rapport.Errorf(codeUnsupported, "unsupported Content-Encoding %q (use gzip or none)", clip(enc, 20))
	}
	n, err := buf.ReadFrom(io.LimitReader(body, int64(limit)+1))
	if err != nil {
		return buf, tooLargeOr(err, rapport.Errorf(rapport.EINVALID, "cannot read body: %v", err))
	}
	if n > int64(limit) {
		return buf, tooLarge(limit)
	}
	return buf, nil
}

// tooLargeOr is ETOOLARGE when err is the body limit, other otherwise.
func tooLargeOr(err error, other error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge(int(mbe.Limit))
	}
	return other
}

// tooLarge is the error for a body over the limit.
func tooLarge(limit int) error {
	return rapport.Errorf(rapport.ETOOLARGE, "request body exceeds the limit of %d bytes", limit)
}
