package rapport

import "time"

// Event types of the Segment tracking spec.
const (
	TypeTrack    = "track"
	TypeIdentify = "identify"
	TypePage     = "page"
	TypeScreen   = "screen"
	TypeGroup    = "group"
	TypeAlias    = "alias"
)

// Channel is the touchpoint a customer used.
type Channel string

// The channels Rapport reports on.
const (
	ChannelApp         Channel = "app"
	ChannelMiniProgram Channel = "mini_program"
	ChannelWeb         Channel = "web"
	ChannelOther       Channel = "other"
)

// Channels lists every channel in display order.
var Channels = []Channel{ChannelApp, ChannelMiniProgram, ChannelWeb, ChannelOther}

// Track event names Rapport understands: the Segment e-commerce spec v2 and
// Rapport's own names for the rest of the journey (docs/events.md).
const (
	EventProductViewed    = "Product Viewed"
	EventProductsSearched = "Products Searched"
	EventProductAdded     = "Product Added"
	EventWishlistAdded    = "Product Added to Wishlist"
	EventCartViewed       = "Cart Viewed"
	EventCheckoutStarted  = "Checkout Started"
	EventOrderCompleted   = "Order Completed"
	EventOrderRefunded    = "Order Refunded"
	EventOrderCancelled   = "Order Cancelled"
	EventProductReviewed  = "Product Reviewed"
	EventOrderShipped     = "Order Shipped"
	EventOrderDelivered   = "Order Delivered"
	EventReturnRequested  = "Return Requested"
	EventTicketCreated    = "Ticket Created"
	EventTicketResolved   = "Ticket Resolved"
	EventSurveyResponded  = "Survey Responded"
	EventReferralDone     = "Referral Completed"
	EventSignedUp         = "Signed Up"
)

// Event is one touchpoint, normalised from the wire format. Ingest fills every
// field but CustomerID and Seq, which the store assigns.
type Event struct {
	Seq         int64          // store-assigned order of arrival
	MessageID   string         // client id of the message; unique, used for de-duplication
	Type        string         // one of the Type* constants
	Name        string         // event name (track), page or screen name
	UserID      string         // the shop's id of the customer, if known
	AnonymousID string         // device or cookie id, if sent
	PreviousID  string         // alias: the id being merged into UserID
	GroupID     string         // group: the account id
	CustomerID  string         // the profile this event belongs to, set by the store
	Channel     Channel        // app, mini_program, web or other
	Source      string         // name of the write key's source
	Timestamp   time.Time      // when it happened, corrected for client clock skew
	ReceivedAt  time.Time      // when Rapport accepted it
	Properties  map[string]any // track/page/screen properties
	Traits      map[string]any // identify/group traits
	Context     map[string]any // Segment context object
	// JSON, when set, holds Properties, Traits and Context already encoded
	// the way the store keeps them. A store fills it ahead of its write
	// transaction, on the caller's goroutine, so that its single writer does
	// less; nil means the store encodes the maps itself. Whoever changes the
	// maps afterwards must reset it to nil.
	JSON *EventJSON
}

// EventJSON is an event's maps as stored JSON text, "" for an empty map.
type EventJSON struct{ Properties, Traits, Context string }

// AnonymousPrefix starts the id of a profile known only by an anonymous id.
const AnonymousPrefix = "anon:"

// IngestResult counts what a call to EventStore.Ingest did.
type IngestResult struct {
	Stored     int // new events written
	Duplicates int // events skipped because their MessageID was already stored
}

// TimelineQuery pages through one customer's events in time order.
type TimelineQuery struct {
	CustomerID string
	Offset     int // skip this many events of the timeline
	Limit      int // at most this many; 0 means 100
}
