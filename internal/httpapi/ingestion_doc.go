package httpapi

import (
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"
)

// SegmentMessage documents one message of the Segment HTTP Tracking API as
// Rapport reads it. Unknown fields are ignored.
type SegmentMessage struct {
	Type        string         `json:"type,omitempty" enum:"track,identify,page,screen,group,alias" doc:"Required inside a batch"`
	MessageID   string         `json:"messageId,omitempty" doc:"De-duplication key; generated when absent"`
	UserID      string         `json:"userId,omitempty" doc:"The shop's customer id; userId or anonymousId is required"`
	AnonymousID string         `json:"anonymousId,omitempty"`
	Event       string         `json:"event,omitempty" doc:"track: the event name, e.g. Order Completed (docs/events.md)"`
	Name        string         `json:"name,omitempty" doc:"page/screen name"`
	PreviousID  string         `json:"previousId,omitempty" doc:"alias: the id merged into userId"`
	GroupID     string         `json:"groupId,omitempty" doc:"group: the account id"`
	Timestamp   string         `json:"timestamp,omitempty" format:"date-time"`
	SentAt      string         `json:"sentAt,omitempty" format:"date-time" doc:"Used to correct client clock skew"`
	Properties  map[string]any `json:"properties,omitempty"`
	Traits      map[string]any `json:"traits,omitempty"`
	Context     map[string]any `json:"context,omitempty" doc:"context.channel (app, mini_program, web) sets the channel"`
	WriteKey    string         `json:"writeKey,omitempty" doc:"Alternative to basic auth"`
}

// SegmentBatch documents the body of /v1/batch.
type SegmentBatch struct {
	Batch    []SegmentMessage `json:"batch" maxItems:"10000"`
	SentAt   string           `json:"sentAt,omitempty" format:"date-time"`
	Context  map[string]any   `json:"context,omitempty"`
	WriteKey string           `json:"writeKey,omitempty"`
}

// IngestionError documents the JSON body of a rejected ingestion request.
type IngestionError struct {
	Error struct {
		Code    string `json:"code" doc:"invalid, unauthorized, too_large, overloaded"`
		Message string `json:"message"`
		Index   *int   `json:"index,omitempty" doc:"Index of the offending message in the batch"`
		Field   string `json:"field,omitempty" doc:"Path of the offending field, e.g. batch[3].userId"`
	} `json:"error"`
}

// DocumentIngestion adds the /v1 Segment tracking routes, served by the ingest
// package, to the OpenAPI document so it covers every JSON endpoint.
func DocumentIngestion(api huma.API) {
	reg := api.OpenAPI().Components.Schemas
	msg := reg.Schema(reflect.TypeOf(SegmentMessage{}), true, "SegmentMessage")
	batch := reg.Schema(reflect.TypeOf(SegmentBatch{}), true, "SegmentBatch")
	errSchema := reg.Schema(reflect.TypeOf(IngestionError{}), true, "IngestionError")
	for _, r := range []struct{ path, summary string }{
		{"/v1/track", "Record an action (Segment track)"},
		{"/v1/identify", "Tie a user to their traits (Segment identify)"},
		{"/v1/page", "Record a web page view"},
		{"/v1/screen", "Record an app screen view"},
		{"/v1/group", "Associate a user with an account"},
		{"/v1/alias", "Merge two user identities"},
		{"/v1/batch", "Send up to 500 KB of messages at once"},
	} {
		body := msg
		if r.path == "/v1/batch" {
			body = batch
		}
		api.OpenAPI().AddOperation(&huma.Operation{
			OperationID: "ingest" + r.path[3:], Method: http.MethodPost, Path: r.path, Summary: r.summary,
			Tags:        []string{"Ingestion"},
			Security:    []map[string][]string{{"writeKey": {}}},
			RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{"application/json": {Schema: body}}},
			Responses:   ingestionResponses(errSchema),
		})
	}
}

func ingestionResponses(errSchema *huma.Schema) map[string]*huma.Response {
	errBody := map[string]*huma.MediaType{"application/json": {Schema: errSchema}}
	return map[string]*huma.Response{
		"200": {Description: "Every message is durably stored (duplicates by messageId are skipped)",
			Content: map[string]*huma.MediaType{"application/json": {Schema: &huma.Schema{Type: "object",
				Properties: map[string]*huma.Schema{"success": {Type: "boolean"}}}}}},
		"400": {Description: "A message is invalid; nothing from the request was stored", Content: errBody},
		"401": {Description: "Missing, unknown or revoked write key", Content: errBody},
		"413": {Description: "An event over 32 KB or a request over 500 KB", Content: errBody},
		"429": {Description: "Overloaded; retry after the Retry-After header's seconds", Content: errBody},
		"503": {Description: "Shutting down", Content: errBody},
	}
}
