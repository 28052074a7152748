package storetest

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var segmentTests = []scenario{
	{"SegmentDefinitions", testSegmentDefinitions},
	{"SegmentMemberships", testSegmentMemberships},
	{"SegmentSizes", testSegmentSizes},
	{"SegmentInputs", testSegmentInputs},
	{"SegmentEventsAreNotActivity", testSegmentEventsAreNotActivity},
	{"SegmentChangeEvents", testSegmentChangeEvents},
	{"SegmentMergeEndsAnonymous", testSegmentMergeEndsAnonymous},
	{"SegmentSettings", testSegmentSettings},
}

func seg(id, name string, builtin bool) *rapport.Segment {
	return &rapport.Segment{ID: id, Name: name, Description: "about " + id, Builtin: builtin,
		Rule: json.RawMessage(`{"field":"orders","op":">=","value":1}`), CreatedAt: day0, UpdatedAt: day0}
}

func testSegmentDefinitions(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	for _, sg := range []*rapport.Segment{seg("zeta", "Zeta", false), seg("new", "New", true), seg("alpha", "Alpha", false)} {
		if err := s.CreateSegment(ctx, sg); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, s.CreateSegment(ctx, seg("alpha", "Again", false)), rapport.ECONFLICT)
	list, err := s.Segments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sg := range list {
		ids = append(ids, sg.ID)
	}
	if !reflect.DeepEqual(ids, []string{"new", "alpha", "zeta"}) {
		t.Fatalf("segments in order %v, want built-in first, then by name", ids)
	}
	got, err := s.Segment(ctx, "new")
	if err != nil || !got.Builtin || got.Name != "New" || !got.CreatedAt.Equal(day0) || string(got.Rule) != `{"field":"orders","op":">=","value":1}` {
		t.Fatalf("segment new: %+v %v", got, err)
	}
	upd := seg("alpha", "Alpha two", false)
	upd.Rule, upd.UpdatedAt = json.RawMessage(`{"field":"orders","op":"=","value":0}`), at(time.Hour)
	if err := s.UpdateSegment(ctx, upd); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Segment(ctx, "alpha")
	if got.Name != "Alpha two" || string(got.Rule) != string(upd.Rule) || !got.UpdatedAt.Equal(at(time.Hour)) || !got.CreatedAt.Equal(day0) {
		t.Fatalf("after update: %+v", got)
	}
	wantCode(t, s.UpdateSegment(ctx, seg("nope", "x", false)), rapport.ENOTFOUND)
	_, err = s.Segment(ctx, "nope")
	wantCode(t, err, rapport.ENOTFOUND)
	ingest(t, s, page("d1", "u1", "", at(0)))
	applyChanges(t, s, change("zeta", "u1", true, at(0)))
	if err := s.RecordSegmentSizes(ctx, "2026-03-10", map[string]int{"zeta": 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSegment(ctx, "zeta"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.DeleteSegment(ctx, "zeta"), rapport.ENOTFOUND)
	sizes, _ := s.SegmentSizes(ctx)
	hist, _ := s.SegmentSizeHistory(ctx, "zeta", "")
	if len(sizes) != 0 || len(hist) != 0 {
		t.Fatalf("after delete: sizes %v, size history %v; want both empty", sizes, hist)
	}
}

func change(segment, customer string, entered bool, at time.Time) rapport.SegmentChange {
	return rapport.SegmentChange{SegmentID: segment, CustomerID: customer, Entered: entered, At: at}
}

func applyChanges(t *testing.T, s rapport.Store, changes ...rapport.SegmentChange) []rapport.SegmentChange {
	t.Helper()
	done, err := s.ApplySegmentChanges(context.Background(), changes)
	if err != nil {
		t.Fatal(err)
	}
	return done
}

func testSegmentMemberships(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	ingest(t, s, identify("m1", "u1", "", at(0), map[string]any{"email": "u1@example.com", "name": "Ann"}),
		page("m2", "u2", "", at(time.Minute)), page("m3", "", "dev9", at(time.Minute)))
	done := applyChanges(t, s,
		change("a", "u1", true, at(time.Hour)), change("a", "u2", true, at(2*time.Hour)),
		change("b", "u1", true, at(time.Hour)), change("a", "u1", true, at(3*time.Hour)),
		change("b", "u2", false, at(3*time.Hour)), change("a", "anon:dev9", true, at(time.Hour)))
	if len(done) != 4 {
		t.Fatalf("%d changes took effect, want 4 (a repeated entry and an exit of a non-member do nothing): %+v", len(done), done)
	}
	members, total, err := s.SegmentMembers(ctx, "a", 0, 2)
	if err != nil || total != 3 || len(members) != 2 {
		t.Fatalf("members of a: %+v total %d %v; want 2 of 3", members, total, err)
	}
	if members[0].ID != "u2" || members[1].ID != "anon:dev9" || !members[0].EnteredAt.Equal(at(2*time.Hour)) {
		t.Fatalf("members of a, newest entry first: %+v", members)
	}
	members, _, _ = s.SegmentMembers(ctx, "a", 2, 2)
	if len(members) != 1 || members[0].ID != "u1" || members[0].Email != "u1@example.com" || !members[0].Known {
		t.Fatalf("second page: %+v", members)
	}
	applyChanges(t, s, change("a", "u1", false, at(4*time.Hour)))
	segs, err := s.CustomerSegments(ctx, "u1")
	if err != nil || len(segs) != 1 || segs[0].SegmentID != "b" || !segs[0].EnteredAt.Equal(at(time.Hour)) {
		t.Fatalf("segments of u1: %+v %v", segs, err)
	}
	_, err = s.CustomerSegments(ctx, "nobody")
	wantCode(t, err, rapport.ENOTFOUND)
	m, err := s.Memberships(ctx, []string{"u1", "u2", "anon:dev9", "nobody"})
	want := map[string][]string{"u1": {"b"}, "u2": {"a"}, "anon:dev9": {"a"}}
	if err != nil || !reflect.DeepEqual(m, want) {
		t.Fatalf("memberships %v %v, want %v", m, err, want)
	}
	hist, err := s.SegmentHistory(ctx, "u1", 0)
	wantHist := []rapport.SegmentChange{change("a", "u1", false, at(4*time.Hour)), change("b", "u1", true, at(time.Hour)), change("a", "u1", true, at(time.Hour))}
	if err != nil || len(hist) != 3 || hist[0] != wantHist[0] || hist[1].At != wantHist[1].At {
		t.Fatalf("history of u1 %+v %v, want %+v", hist, err, wantHist)
	}
	sizes, err := s.SegmentSizes(ctx)
	if err != nil || !reflect.DeepEqual(sizes, map[string]int{"a": 2, "b": 1}) {
		t.Fatalf("sizes %v %v", sizes, err)
	}
}

func testSegmentSizes(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	for _, d := range []struct {
		day   string
		sizes map[string]int
	}{
		{"2026-03-01", map[string]int{"a": 5, "b": 1}},
		{"2026-03-02", map[string]int{"a": 7}},
		{"2026-03-02", map[string]int{"a": 6}}, // a later scan the same day replaces it
		{"2026-03-04", map[string]int{"a": 0}},
	} {
		if err := s.RecordSegmentSizes(ctx, d.day, d.sizes); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.SegmentSizeHistory(ctx, "a", "2026-03-02")
	want := []rapport.SegmentSize{{Day: "2026-03-02", Size: 6}, {Day: "2026-03-04", Size: 0}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("size history %+v %v, want %+v", got, err, want)
	}
}

func testSegmentInputs(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	ingest(t, s,
		track("v1", "u1", "", rapport.EventProductViewed, at(-20*24*time.Hour), map[string]any{"category": "shoes"}),
		track("v2", "u1", "", rapport.EventProductViewed, at(-2*24*time.Hour), map[string]any{"category": "shoes"}),
		track("v3", "u1", "", rapport.EventProductAdded, at(-time.Hour), map[string]any{"category": "shoes"}),
		orderCompleted("o1", "u1", "", "ord-1", at(-time.Hour), 120, product("p1", "Sock", "shoes", 120, 1)),
		page("p1", "u2", "", at(0)), page("p2", "u3", "", at(0)))
	w := rapport.EventWindow{Names: []string{rapport.EventProductViewed, rapport.EventOrderCompleted}, Since: at(-14 * 24 * time.Hour)}
	in, err := s.SegmentInputs(ctx, []string{"u1", "u2", "ghost"}, w)
	if err != nil || len(in) != 2 {
		t.Fatalf("inputs %+v %v, want u1 and u2", in, err)
	}
	u1 := in[0]
	if u1.Customer.ID != "u1" {
		u1 = in[1]
	}
	if len(u1.Events) != 2 || u1.Events[0].MessageID != "" && u1.Events[0].Name != rapport.EventProductViewed {
		t.Fatalf("u1 window events %+v, want the view of day -2 and the order", u1.Events)
	}
	if u1.Events[0].Name != rapport.EventProductViewed || u1.Events[0].Properties["category"] != "shoes" ||
		!u1.Events[0].Timestamp.Equal(at(-2*24*time.Hour)) || u1.Events[1].Properties["total"] != 120.0 {
		t.Fatalf("u1 window events %+v", u1.Events)
	}
	if u1.Customer.Stats.Orders != 1 {
		t.Fatalf("u1 profile %+v", u1.Customer.Stats)
	}
	page1, err := s.ScanSegmentInputs(ctx, "", 2, w)
	if err != nil || len(page1) != 2 || page1[0].Customer.ID != "u1" || page1[1].Customer.ID != "u2" || len(page1[0].Events) != 2 {
		t.Fatalf("scan page 1: %+v %v", page1, err)
	}
	page2, err := s.ScanSegmentInputs(ctx, "u2", 2, rapport.EventWindow{})
	if err != nil || len(page2) != 1 || page2[0].Customer.ID != "u3" || len(page2[0].Events) != 0 {
		t.Fatalf("scan page 2: %+v %v", page2, err)
	}
}

// Segment Entered / Exited events are on the timeline but are not activity.
func testSegmentEventsAreNotActivity(t *testing.T, s rapport.Store) {
	ingest(t, s, page("p1", "u1", "", at(0)))
	before := customer(t, s, "u1").Stats
	ev := track("s1", "u1", "", rapport.EventSegmentEntered, at(time.Hour), map[string]any{"segment_id": "new"})
	ev.Channel = rapport.ChannelOther
	ingest(t, s, ev)
	after := customer(t, s, "u1").Stats
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("a Segment Entered event changed the profile:\n%+v\n%+v", before, after)
	}
	if tl := timeline(t, s, "u1"); len(tl) != 2 || tl[1].Name != rapport.EventSegmentEntered {
		t.Fatalf("timeline %v", messageIDs(tl))
	}
}

// announced is a change carrying its Segment Entered / Exited event.
func announced(c rapport.SegmentChange, msg string) rapport.SegmentChange {
	name := rapport.EventSegmentExited
	if c.Entered {
		name = rapport.EventSegmentEntered
	}
	c.Event = track(msg, c.CustomerID, "", name, c.At, map[string]any{"segment_id": c.SegmentID})
	c.Event.Channel = rapport.ChannelOther
	return c
}

// A change's event is stored with the change, in its transaction: only the
// changes that take effect are announced, and an event that cannot be
// stored undoes every change of the call.
func testSegmentChangeEvents(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	ingest(t, s, page("p1", "u1", "", at(0)), page("p2", "u2", "", at(0)))
	applyChanges(t, s, change("a", "u2", true, at(time.Minute)))
	done := applyChanges(t, s,
		announced(change("a", "u1", true, at(time.Hour)), "e1"),
		announced(change("a", "u2", true, at(time.Hour)), "e2"),  // already a member
		announced(change("b", "u2", false, at(time.Hour)), "e3"), // not a member
		announced(change("b", "u1", true, at(time.Hour)), "e4"))
	if len(done) != 2 {
		t.Fatalf("%d changes took effect, want 2: %+v", len(done), done)
	}
	if tl := timeline(t, s, "u1"); !reflect.DeepEqual(messageIDs(tl), []string{"p1", "e1", "e4"}) {
		t.Fatalf("u1 timeline %v, want the page and the two entries", messageIDs(tl))
	}
	if tl := timeline(t, s, "u2"); !reflect.DeepEqual(messageIDs(tl), []string{"p2"}) {
		t.Fatalf("u2 timeline %v, want no announcement of changes that changed nothing", messageIDs(tl))
	}
	bad := announced(change("a", "u1", false, at(2*time.Hour)), "e5")
	bad.Event.UserID = "" // names no customer: cannot be stored
	_, err := s.ApplySegmentChanges(ctx, []rapport.SegmentChange{
		announced(change("b", "u2", true, at(2*time.Hour)), "e6"), bad})
	wantCode(t, err, rapport.EINVALID)
	m, _ := s.Memberships(ctx, []string{"u1", "u2"})
	if want := map[string][]string{"u1": {"a", "b"}, "u2": {"a"}}; !reflect.DeepEqual(m, want) {
		t.Fatalf("memberships after a failed call %v, want them unchanged %v", m, want)
	}
	hist, _ := s.SegmentHistory(ctx, "u2", 0)
	if len(hist) != 1 {
		t.Fatalf("u2 history after a failed call %+v, want only the first entry", hist)
	}
	if tl := timeline(t, s, "u2"); len(tl) != 1 {
		t.Fatalf("u2 timeline after a failed call %v", messageIDs(tl))
	}
}

// When an anonymous profile merges into a known customer, its memberships
// end with an exit in the history, so no one is counted twice.
func testSegmentMergeEndsAnonymous(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	ingest(t, s, page("p1", "", "dev1", at(0)), page("p2", "u1", "", at(0)))
	applyChanges(t, s, change("a", "anon:dev1", true, at(time.Minute)), change("b", "anon:dev1", true, at(time.Minute)),
		change("a", "u1", true, at(time.Minute)))
	if sizes, _ := s.SegmentSizes(ctx); sizes["a"] != 2 {
		t.Fatalf("sizes before the merge %v", sizes)
	}
	ingest(t, s, identify("i1", "u1", "dev1", at(time.Hour), nil))
	sizes, err := s.SegmentSizes(ctx)
	if err != nil || !reflect.DeepEqual(sizes, map[string]int{"a": 1}) {
		t.Fatalf("sizes after the merge %v %v, want only u1 in a", sizes, err)
	}
	m, _ := s.Memberships(ctx, []string{"anon:dev1", "u1"})
	if want := map[string][]string{"u1": {"a"}}; !reflect.DeepEqual(m, want) {
		t.Fatalf("memberships after the merge %v, want %v", m, want)
	}
	hist, err := s.SegmentHistory(ctx, "anon:dev1", 0)
	if err != nil || len(hist) != 4 {
		t.Fatalf("history of the merged id %+v %v, want two entries and two exits", hist, err)
	}
	for _, c := range hist[:2] {
		if c.Entered || !c.At.Equal(at(time.Hour+time.Second)) { // received a second after its timestamp
			t.Fatalf("history of the merged id %+v, want exits at the merge first", hist)
		}
	}
}

// Lifecycle settings are one document saved with the rules they produce:
// all of it or, when a rule names no segment, none of it.
func testSegmentSettings(t *testing.T, s rapport.Store) {
	ctx := context.Background()
	_, err := s.SegmentSettings(ctx)
	wantCode(t, err, rapport.ENOTFOUND)
	for _, sg := range []*rapport.Segment{seg("new", "New", true), seg("problem", "Problem", true)} {
		if err := s.CreateSegment(ctx, sg); err != nil {
			t.Fatal(err)
		}
	}
	rule := json.RawMessage(`{"field":"days_since_last_ticket","op":"<","value":10}`)
	doc := json.RawMessage(`{"problem_days":10}`)
	if err := s.SaveSegmentSettings(ctx, doc, at(time.Hour), []rapport.Segment{{ID: "problem", Rule: rule}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.SegmentSettings(ctx)
	if err != nil || string(got) != string(doc) {
		t.Fatalf("settings %s %v, want %s", got, err, doc)
	}
	p, _ := s.Segment(ctx, "problem")
	if string(p.Rule) != string(rule) || !p.UpdatedAt.Equal(at(time.Hour)) || p.Name != "Problem" || !p.CreatedAt.Equal(day0) {
		t.Fatalf("problem after the settings: %+v", p)
	}
	err = s.SaveSegmentSettings(ctx, json.RawMessage(`{"problem_days":20}`), at(2*time.Hour),
		[]rapport.Segment{{ID: "new", Rule: rule}, {ID: "ghost", Rule: rule}})
	wantCode(t, err, rapport.ENOTFOUND)
	got, _ = s.SegmentSettings(ctx)
	n, _ := s.Segment(ctx, "new")
	if string(got) != string(doc) || string(n.Rule) == string(rule) {
		t.Fatalf("a failed save changed something: settings %s, new %s", got, n.Rule)
	}
}
