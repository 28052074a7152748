package survey

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// Link is what an answer link names: one invitation of one customer to one
// survey, answerable until Expires.
type Link struct {
	SurveyID     int64
	InvitationID int64
	CustomerID   string
	Expires      time.Time
}

var b64 = base64.RawURLEncoding

// Sign returns the link's token: its fields and an HMAC-SHA256 over them
// with the shop's secret.
func Sign(secret []byte, l Link) string {
	payload := fmt.Sprintf("1.%d.%d.%s.%d", l.SurveyID, l.InvitationID, b64.EncodeToString([]byte(l.CustomerID)), l.Expires.Unix())
	return payload + "." + b64.EncodeToString(mac(secret, payload))
}

func mac(secret []byte, payload string) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(payload))
	return h.Sum(nil)
}

// Errors of a link that cannot be answered. Each is a *rapport.Error whose
// message can be shown to the customer.
var (
	ErrForged   = &rapport.Error{Code: rapport.EUNAUTHORIZED, Field: "token", Message: "this link is not valid: it was changed or not issued by this shop"}
	ErrExpired  = &rapport.Error{Code: rapport.EFORBIDDEN, Field: "token", Message: "this link has expired"}
	ErrAnswered = &rapport.Error{Code: rapport.ECONFLICT, Field: "token", Message: "this survey was already answered"}
)

// Verify checks a token's signature and expiry at now and returns its link.
func Verify(secret []byte, token string, now time.Time) (Link, error) {
	var l Link
	cut := strings.LastIndexByte(token, '.')
	if cut < 0 {
		return l, ErrForged
	}
	payload, sig := token[:cut], token[cut+1:]
	got, err := b64.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(secret, payload)) {
		return l, ErrForged
	}
	parts := strings.Split(payload, ".")
	if len(parts) != 5 || parts[0] != "1" {
		return l, ErrForged
	}
	customer, err1 := b64.DecodeString(parts[3])
	expires, err2 := strconv.ParseInt(parts[4], 10, 64)
	sid, err3 := strconv.ParseInt(parts[1], 10, 64)
	iid, err4 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return l, ErrForged
	}
	l = Link{SurveyID: sid, InvitationID: iid, CustomerID: string(customer), Expires: time.Unix(expires, 0).UTC()}
	if !now.Before(l.Expires) {
		return l, ErrExpired
	}
	return l, nil
}
