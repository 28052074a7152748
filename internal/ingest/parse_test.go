package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var received = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// parseBatch decodes and validates a batch body.
func parseBatch(body string) ([]*rapport.Event, error) {
	req, err := DecodeBatch([]byte(body))
	if err != nil {
		return nil, err
	}
	return req.Events(received, "shop-web", DefaultMaxEventBytes)
}

// parseSingle decodes and validates the body of a single-type endpoint.
func parseSingle(typ, body string) ([]*rapport.Event, error) {
	req, err := DecodeSingle([]byte(body), typ)
	if err != nil {
		return nil, err
	}
	return req.Events(received, "shop-web", DefaultMaxEventBytes)
}

func TestValidationRules(t *testing.T) {
	tests := []struct {
		name      string
		typ       string // endpoint type; "" for /v1/batch
		body      string
		wantCode  string
		wantField string
		wantIndex int
	}{
		{"track ok", "track", `{"userId":"u1","event":"Product Viewed"}`, "", "", 0},
		{"anonymous only ok", "track", `{"anonymousId":"a1","event":"Product Viewed"}`, "", "", 0},
		{"no user or anonymous id", "track", `{"event":"Product Viewed"}`, rapport.EINVALID, "userId", -1},
		{"empty ids count as absent", "page", `{"userId":"","anonymousId":" "}`, rapport.EINVALID, "userId", -1},
		{"track needs event", "track", `{"userId":"u1"}`, rapport.EINVALID, "event", -1},
		{"track event not a string", "track", `{"userId":"u1","event":5}`, rapport.EINVALID, "event", -1},
		{"identify ok", "identify", `{"userId":"u1","traits":{"email":"a@b.c"}}`, "", "", 0},
		{"page without name ok", "page", `{"anonymousId":"a1"}`, "", "", 0},
		{"screen ok", "screen", `{"userId":"u1","name":"Home"}`, "", "", 0},
		{"group needs groupId", "group", `{"userId":"u1"}`, rapport.EINVALID, "groupId", -1},
		{"group ok", "group", `{"userId":"u1","groupId":"g1"}`, "", "", 0},
		{"alias needs userId", "alias", `{"previousId":"a1","anonymousId":"a1"}`, rapport.EINVALID, "userId", -1},
		{"alias needs previousId", "alias", `{"userId":"u1"}`, rapport.EINVALID, "previousId", -1},
		{"alias ok", "alias", `{"userId":"u1","previousId":"a1"}`, "", "", 0},
		{"numeric user id ok", "track", `{"userId":12345,"event":"x"}`, "", "", 0},
		{"object user id", "track", `{"userId":{"id":1},"event":"x"}`, rapport.EINVALID, "userId", -1},
		{"bool anonymous id", "track", `{"anonymousId":true,"event":"x"}`, rapport.EINVALID, "anonymousId", -1},
		{"properties not an object", "track", `{"userId":"u1","event":"x","properties":"cheap"}`, rapport.EINVALID, "properties", -1},
		{"traits not an object", "identify", `{"userId":"u1","traits":[1]}`, rapport.EINVALID, "traits", -1},
		{"context not an object", "identify", `{"userId":"u1","context":3}`, rapport.EINVALID, "context", -1},
		{"bad timestamp", "track", `{"userId":"u1","event":"x","timestamp":"yesterday"}`, rapport.EINVALID, "timestamp", -1},
		{"bad sentAt", "track", `{"userId":"u1","event":"x","sentAt":"soon"}`, rapport.EINVALID, "sentAt", -1},
		{"timestamp object", "track", `{"userId":"u1","event":"x","timestamp":{}}`, rapport.EINVALID, "timestamp", -1},
		{"long messageId", "track", `{"userId":"u1","event":"x","messageId":"` + strings.Repeat("m", 256) + `"}`, rapport.EINVALID, "messageId", -1},
		{"unknown fields ignored", "track", `{"userId":"u1","event":"x","integrations":{"All":true},"foo":[1,2]}`, "", "", 0},
		{"malformed json", "track", `{"userId":"u1",`, rapport.EINVALID, "", -1},
		{"not an object", "track", `[1,2]`, rapport.EINVALID, "", -1},
		{"trailing data", "track", `{"userId":"u1","event":"x"} {}`, rapport.EINVALID, "", -1},
		{"batch ok", "", `{"batch":[{"type":"track","userId":"u1","event":"x"},{"type":"identify","userId":"u1"}]}`, "", "", 0},
		{"batch missing", "", `{"sentAt":"2025-03-01T12:00:00Z"}`, rapport.EINVALID, "batch", -1},
		{"batch not an array", "", `{"batch":{}}`, rapport.EINVALID, "batch", -1},
		{"batch bad sentAt", "", `{"batch":[],"sentAt":"now"}`, rapport.EINVALID, "sentAt", -1},
		{"batch item without type", "", `{"batch":[{"userId":"u1","event":"x"}]}`, rapport.EINVALID, "batch[0].type", 0},
		{"batch item unknown type", "", `{"batch":[{"type":"track","userId":"u1","event":"x"},{"type":"click","userId":"u1"}]}`, rapport.EINVALID, "batch[1].type", 1},
		{"batch item not an object", "", `{"batch":[{"type":"track","userId":"u1","event":"x"},7]}`, rapport.EINVALID, "batch[1]", 1},
		{"batch fourth item without ids", "", `{"batch":[` + strings.Repeat(`{"type":"page","userId":"u"},`, 3) + `{"type":"page"}]}`, rapport.EINVALID, "batch[3].userId", 3},
		{"batch item field type", "", `{"batch":[{"type":"track","userId":"u1","event":"x","properties":1}]}`, rapport.EINVALID, "batch[0].properties", 0},
		{"batch item too large", "", `{"batch":[{"type":"track","userId":"u1","event":"x"},{"type":"track","userId":"u1","event":"x","properties":{"p":"` + strings.Repeat("x", 33<<10) + `"}}]}`, rapport.ETOOLARGE, "batch[1]", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.typ == "" {
				_, err = parseBatch(tt.body)
			} else {
				_, err = parseSingle(tt.typ, tt.body)
			}
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var me *MessageError
			if !errors.As(err, &me) {
				t.Fatalf("error = %v, want a *MessageError", err)
			}
			if me.Code != tt.wantCode || me.Field != tt.wantField || me.Index != tt.wantIndex {
				t.Errorf("got code %q field %q index %d (%s), want %q %q %d",
					me.Code, me.Field, me.Index, me.Message, tt.wantCode, tt.wantField, tt.wantIndex)
			}
			if me.Message == "" {
				t.Error("error has no message")
			}
		})
	}
}

func TestParseFillsTheEvent(t *testing.T) {
	body := `{"type":"ignored","messageId":"m-1","userId":"u1","anonymousId":"a1","event":"Order Completed",
		"properties":{"order_id":12345678901234567890,"total":1999.99},"context":{"ip":"1.2.3.4"},
		"timestamp":"2025-03-01T11:00:00.123Z"}`
	events, err := parseSingle("track", body)
	if err != nil {
		t.Fatal(err)
	}
	e := events[0]
	want := rapport.Event{MessageID: "m-1", Type: "track", Name: "Order Completed", UserID: "u1", AnonymousID: "a1",
		Source: "shop-web", Channel: rapport.ChannelOther, ReceivedAt: received,
		Timestamp: time.Date(2025, 3, 1, 11, 0, 0, 123e6, time.UTC)}
	got := *e
	got.Properties, got.Context = nil, nil
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("event = %+v\nwant    %+v", got, want)
	}
	if id := e.Properties["order_id"]; id != json.Number("12345678901234567890") {
		t.Errorf("order_id = %#v, want the exact json.Number", id)
	}
	if e.Context["ip"] != "1.2.3.4" {
		t.Errorf("context = %v", e.Context)
	}
}

func TestTimestampSkewCorrection(t *testing.T) {
	tests := []struct {
		name string
		msg  string // a message of a batch whose sentAt is 11:59:00 (client clock 1 minute behind)
		want time.Time
	}{
		{"corrected by batch sentAt", `"timestamp":"2025-03-01T11:58:00Z"`, time.Date(2025, 3, 1, 11, 59, 0, 0, time.UTC)},
		{"message sentAt wins", `"timestamp":"2025-03-01T11:58:00Z","sentAt":"2025-03-01T12:00:00Z"`, time.Date(2025, 3, 1, 11, 58, 0, 0, time.UTC)},
		{"originalTimestamp", `"originalTimestamp":"2025-03-01T11:58:00Z"`, time.Date(2025, 3, 1, 11, 59, 0, 0, time.UTC)},
		{"no timestamp means receivedAt", ``, received},
		{"null timestamp means receivedAt", `"timestamp":null`, received},
		{"offset zone", `"timestamp":"2025-03-01T19:58:00+08:00"`, time.Date(2025, 3, 1, 11, 59, 0, 0, time.UTC)},
		{"offset without colon", `"timestamp":"2025-03-01T19:58:00.000+0800"`, time.Date(2025, 3, 1, 11, 59, 0, 0, time.UTC)},
		{"no zone is UTC", `"timestamp":"2025-03-01T11:58:00"`, time.Date(2025, 3, 1, 11, 59, 0, 0, time.UTC)},
		{"unix milliseconds", fmt.Sprintf(`"timestamp":%d`, time.Date(2025, 3, 1, 11, 58, 0, 0, time.UTC).UnixMilli()), time.Date(2025, 3, 1, 11, 59, 0, 0, time.UTC)},
		{"unix seconds", fmt.Sprintf(`"timestamp":%d`, time.Date(2025, 3, 1, 11, 58, 0, 0, time.UTC).Unix()), time.Date(2025, 3, 1, 11, 59, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := `{"type":"track","userId":"u1","event":"x"`
			if tt.msg != "" {
				msg += "," + tt.msg
			}
			events, err := parseBatch(`{"sentAt":"2025-03-01T11:59:00Z","batch":[` + msg + `}]}`)
			if err != nil {
				t.Fatal(err)
			}
			if got := events[0].Timestamp; !got.Equal(tt.want) {
				t.Errorf("timestamp = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTimestampWithoutSentAtIsKept(t *testing.T) {
	events, err := parseSingle("track", `{"userId":"u1","event":"x","timestamp":"2024-01-02T03:04:05Z"}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC); !events[0].Timestamp.Equal(want) {
		t.Errorf("timestamp = %v, want %v", events[0].Timestamp, want)
	}
}

func TestDetectChannel(t *testing.T) {
	tests := []struct {
		msg  string
		want rapport.Channel
	}{
		{`"type":"track","context":{"channel":"mini-program","userAgent":"Mozilla"}`, rapport.ChannelMiniProgram},
		{`"type":"track","context":{"channel":"miniprogram"}`, rapport.ChannelMiniProgram},
		{`"type":"track","properties":{"channel":"mini_program"}`, rapport.ChannelMiniProgram},
		{`"type":"page","properties":{"channel":"app"}`, rapport.ChannelApp},
		{`"type":"track","context":{"channel":"web","app":{"name":"Shop"}}`, rapport.ChannelWeb},
		{`"type":"track","context":{"channel":"server","page":{"url":"https://x"}}`, rapport.ChannelWeb},
		{`"type":"track","context":{"app":{"name":"Shop","version":"1.2"}}`, rapport.ChannelApp},
		{`"type":"track","context":{"device":{"type":"ios"}}`, rapport.ChannelApp},
		{`"type":"track","context":{"device":{"type":"Android"}}`, rapport.ChannelApp},
		{`"type":"screen"`, rapport.ChannelApp},
		{`"type":"track","context":{"page":{"path":"/"}}`, rapport.ChannelWeb},
		{`"type":"track","context":{"userAgent":"Mozilla/5.0"}`, rapport.ChannelWeb},
		{`"type":"page"`, rapport.ChannelWeb},
		{`"type":"page","context":{"library":{"name":"analytics-miniprogram"}}`, rapport.ChannelMiniProgram},
		{`"type":"track","context":{"library":{"name":"rudder-sdk-js-weapp"}}`, rapport.ChannelMiniProgram},
		{`"type":"track","context":{"library":{"name":"analytics-go"}}`, rapport.ChannelOther},
		{`"type":"identify"`, rapport.ChannelOther},
	}
	for _, tt := range tests {
		events, err := parseBatch(`{"batch":[{"userId":"u1","event":"x",` + tt.msg + `}]}`)
		if err != nil {
			t.Fatalf("%s: %v", tt.msg, err)
		}
		if got := events[0].Channel; got != tt.want {
			t.Errorf("%s: channel = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestBatchContextIsMergedUnderTheMessages(t *testing.T) {
	events, err := parseBatch(`{"context":{"library":{"name":"analytics-go"},"ip":"9.9.9.9"},"batch":[
		{"type":"track","userId":"u1","event":"x","context":{"ip":"1.1.1.1"}},
		{"type":"track","userId":"u1","event":"y"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if events[0].Context["ip"] != "1.1.1.1" || events[1].Context["ip"] != "9.9.9.9" {
		t.Errorf("ip = %v, %v; want the message's own, then the batch's", events[0].Context["ip"], events[1].Context["ip"])
	}
	if events[0].Context["library"] == nil {
		t.Error("batch context missing from the first message")
	}
	events[1].Context["added"] = true
	if _, shared := events[0].Context["added"]; shared {
		t.Error("events share one context map")
	}
}

func TestGeneratedMessageIDs(t *testing.T) {
	dated := []byte(`{"type":"track","userId":"u1","event":"x","timestamp":"2025-03-01T11:00:00Z"}`)
	undated := []byte(`{"type":"track","userId":"u1","event":"x"}`)
	a, _ := ParseMessage(dated, received, "s")
	b, _ := ParseMessage(dated, received.Add(time.Hour), "s")
	if a.MessageID == "" || a.MessageID != b.MessageID {
		t.Errorf("a dated message re-sent got ids %q and %q, want one stable id", a.MessageID, b.MessageID)
	}
	c, _ := ParseMessage(dated, received, "other-source")
	if c.MessageID == a.MessageID {
		t.Error("the same message from two sources got one id")
	}
	u1, _ := ParseMessage(undated, received, "s")
	u2, _ := ParseMessage(undated, received, "s")
	if u1.MessageID == u2.MessageID {
		t.Error("two undated messages got the same generated id")
	}
}

func TestParseMessage(t *testing.T) {
	e, err := ParseMessage([]byte(`{"type":"identify","userId":"u9","traits":{"age":31},"sentAt":"2025-03-01T11:00:00Z","timestamp":"2025-03-01T10:00:00Z"}`), received, "import")
	if err != nil {
		t.Fatal(err)
	}
	if e.Type != rapport.TypeIdentify || e.UserID != "u9" || e.Source != "import" || e.Traits["age"] != json.Number("31") {
		t.Errorf("event = %+v", e)
	}
	if want := received.Add(-time.Hour); !e.Timestamp.Equal(want) {
		t.Errorf("timestamp = %v, want %v", e.Timestamp, want)
	}
	_, err = ParseMessage([]byte(`{"userId":"u9"}`), received, "import")
	var re *rapport.Error
	if !errors.As(err, &re) || re.Field != "type" {
		t.Errorf("missing type: error = %v, want a field error about type", err)
	}
}
