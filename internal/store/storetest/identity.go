package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var identityTests = []scenario{
	{"AnonymousThenIdentify", testAnonymousThenIdentify},
	{"IdentifyInSameBatch", testIdentifyInSameBatch},
	{"GuestOrderFollowsIdentify", testGuestOrderFollowsIdentify},
	{"AliasKnownID", testAliasKnownID},
	{"AliasAnonymousID", testAliasAnonymousID},
	{"LinkedDeviceKeepsFirstOwner", testLinkedDeviceKeepsFirstOwner},
	{"CustomerNotFound", testCustomerNotFound},
}

func viewed(msg, user, anon string, ts time.Time) *rapport.Event {
	return track(msg, user, anon, rapport.EventProductViewed, ts,
		map[string]any{"product_id": "p1", "name": "Kettle", "category": "kitchen", "price": 199.0})
}

func added(msg, user, anon string, ts time.Time) *rapport.Event {
	return track(msg, user, anon, rapport.EventProductAdded, ts,
		map[string]any{"product_id": "p1", "category": "kitchen", "price": 199.0, "quantity": 1.0})
}

func testAnonymousThenIdentify(t *testing.T, s rapport.Store) {
	ingest(t, s, page("a1", "", "dev1", at(0)), viewed("a2", "", "dev1", at(time.Minute)))
	anon := customer(t, s, rapport.AnonymousPrefix+"dev1")
	if anon.Known || anon.Stats.Events != 2 {
		t.Fatalf("anonymous profile known=%v events=%d", anon.Known, anon.Stats.Events)
	}
	if n := counts(t, s); n.Anonymous != 1 || n.Customers != 0 {
		t.Fatalf("counts %+v, want one anonymous profile", n)
	}
	ingest(t, s, identify("a3", "u1", "dev1", at(time.Hour), map[string]any{"email": "u1@example.com"}))
	c := customer(t, s, "u1")
	if !c.Known || c.Stats.Events != 3 || !c.Stats.FirstSeen.Equal(at(0)) {
		t.Fatalf("merged profile known=%v events=%d first seen %v", c.Known, c.Stats.Events, c.Stats.FirstSeen)
	}
	if got := messageIDs(timeline(t, s, "u1")); !reflect.DeepEqual(got, []string{"a1", "a2", "a3"}) {
		t.Fatalf("timeline %v: the anonymous history must move to u1", got)
	}
	if merged := customer(t, s, rapport.AnonymousPrefix+"dev1"); merged.ID != "u1" {
		t.Fatalf("merged anonymous id resolves to %q, want u1", merged.ID)
	}
	if n := counts(t, s); n.Anonymous != 0 || n.Customers != 1 {
		t.Fatalf("counts %+v after merge", n)
	}
	res := ingest(t, s, page("a4", "", "dev1", at(2*time.Hour)))
	if res.Stored != 1 || customer(t, s, "u1").Stats.Events != 4 {
		t.Fatal("a later anonymous event of a linked device must go to the known customer")
	}
	if n := counts(t, s); n.Anonymous != 0 {
		t.Fatalf("a linked device made a new anonymous profile: %+v", n)
	}
}

func testIdentifyInSameBatch(t *testing.T, s rapport.Store) {
	events := []*rapport.Event{
		page("b1", "", "dev2", at(0)),
		added("b2", "", "dev2", at(time.Minute)),
		identify("b3", "u2", "dev2", at(2*time.Minute), nil),
		page("b4", "u2", "", at(3*time.Minute)),
	}
	ingest(t, s, events...)
	for _, e := range events {
		if e.CustomerID != "u2" {
			t.Fatalf("event %s assigned to %q, want u2", e.MessageID, e.CustomerID)
		}
	}
	c := customer(t, s, "u2")
	if c.Stats.Events != 4 || c.Stats.CartAdds != 1 {
		t.Fatalf("profile events=%d cart adds=%d, want 4 and 1", c.Stats.Events, c.Stats.CartAdds)
	}
	if got := len(timeline(t, s, "u2")); got != 4 {
		t.Fatalf("timeline has %d events, want 4", got)
	}
	if n := counts(t, s); n.Anonymous != 0 || n.Customers != 1 {
		t.Fatalf("counts %+v", n)
	}
}

func testGuestOrderFollowsIdentify(t *testing.T, s rapport.Store) {
	ingest(t, s, orderCompleted("g1", "", "dev3", "o-guest", at(0), 120, product("p1", "Kettle", "kitchen", 120, 1)))
	orders, err := s.Orders(t.Context(), rapport.AnonymousPrefix+"dev3", 10)
	if err != nil || len(orders) != 1 {
		t.Fatalf("guest orders %v %v", orders, err)
	}
	ingest(t, s, identify("g2", "u3", "dev3", at(time.Hour), nil))
	orders, err = s.Orders(t.Context(), "u3", 10)
	if err != nil || len(orders) != 1 || orders[0].CustomerID != "u3" {
		t.Fatalf("orders of u3 after identify: %+v %v", orders, err)
	}
	if c := customer(t, s, "u3"); c.Stats.Orders != 1 || c.Stats.Revenue != 120 {
		t.Fatalf("merged profile orders=%d revenue=%v", c.Stats.Orders, c.Stats.Revenue)
	}
}

func testAliasKnownID(t *testing.T, s rapport.Store) {
	ingest(t, s, page("c1", "old-id", "", at(0)), page("c2", "new-id", "", at(time.Minute)))
	ingest(t, s, alias("c3", "old-id", "new-id", at(time.Hour)))
	c := customer(t, s, "old-id")
	if c.ID != "new-id" || c.Stats.Events != 3 {
		t.Fatalf("old-id resolves to %q with %d events, want new-id with 3", c.ID, c.Stats.Events)
	}
	if got := messageIDs(timeline(t, s, "new-id")); !reflect.DeepEqual(got, []string{"c1", "c2", "c3"}) {
		t.Fatalf("timeline %v", got)
	}
	ingest(t, s, page("c4", "old-id", "", at(2*time.Hour)))
	if n := counts(t, s); n.Customers != 1 || customer(t, s, "new-id").Stats.Events != 4 {
		t.Fatalf("an event of the aliased id must go to new-id: %+v", n)
	}
}

func testAliasAnonymousID(t *testing.T, s rapport.Store) {
	ingest(t, s, page("d1", "", "dev4", at(0)),
		alias("d2", "dev4", "u4", at(time.Minute)), page("d3", "", "dev4", at(2*time.Minute)))
	c := customer(t, s, "u4")
	if !c.Known || c.Stats.Events != 3 {
		t.Fatalf("u4 known=%v events=%d, want known with 3", c.Known, c.Stats.Events)
	}
	if n := counts(t, s); n.Anonymous != 0 {
		t.Fatalf("counts %+v", n)
	}
}

func testLinkedDeviceKeepsFirstOwner(t *testing.T, s rapport.Store) {
	ingest(t, s, identify("e1", "u5", "shared", at(0), nil))
	ingest(t, s, identify("e2", "u6", "shared", at(time.Hour), nil), page("e3", "", "shared", at(2*time.Hour)))
	if a, b := customer(t, s, "u5").Stats.Events, customer(t, s, "u6").Stats.Events; a != 2 || b != 1 {
		t.Fatalf("u5 has %d events, u6 %d; want 2 and 1", a, b)
	}
}

func testCustomerNotFound(t *testing.T, s rapport.Store) {
	_, err := s.Customer(t.Context(), "nobody")
	wantCode(t, err, rapport.ENOTFOUND)
}
