package live

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// Two nodes on one store: a model one node trains and a setting it changes
// reach the other without a restart.
func TestSecondNodeServesTheNewerModelAndSettingsWithoutRestart(t *testing.T) {
	s := newShop(t)
	s.seed(t)
	a, _ := s.service(t, Config{Tolerance: 1}) // the new model goes live whatever its validation
	b, _ := s.service(t, Config{PollEvery: 10 * time.Millisecond})
	before, _ := b.Status()
	if ids, _ := recommendIDs(t, b, Request{CustomerID: "c00", Scene: SceneProduct, Item: "kettle", N: 5}); slices.Contains(ids, "kettle2") {
		t.Fatalf("before: kettle2 is not yet bought with kettle, got %v", ids)
	}

	// Node a learns that kettle buyers also buy kettle2 and swaps its model in.
	for c := 0; c < 12; c++ {
		u := fmt.Sprintf("k%02d", c)
		s.ingest(t, s.view(u, "kettle"), s.view(u, "kettle2"), s.order(u, "kettle", "kettle2"))
	}
	s.clock.Advance(time.Hour)
	if went, err := a.Retrain(context.Background(), s.clock.Now(), true); err != nil || !went {
		t.Fatalf("retrain on node a: went live %v, %v", went, err)
	}
	trained, _ := a.Status()
	if trained.Version != before.Version+1 {
		t.Fatalf("node a's model version %d, want %d", trained.Version, before.Version+1)
	}
	set := a.Settings()
	set.PerCategory = 1
	if _, err := a.UpdateSettings(context.Background(), set); err != nil {
		t.Fatal(err)
	}

	// Node b's poll loop picks both up.
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, _ := b.Status()
		if got.Version == trained.Version && b.Settings().PerCategory == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("node b still serves version %d with per_category %d; want version %d, 1", got.Version, b.Settings().PerCategory, trained.Version)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got, _ := b.Status(); !got.TrainedAt.Equal(trained.TrainedAt) || got.Interactions != trained.Interactions {
		t.Errorf("node b's model = %+v, want node a's %+v", got, trained)
	}
	ids, _ := recommendIDs(t, b, Request{CustomerID: "c00", Scene: SceneProduct, Item: "kettle", N: 5})
	if !slices.Contains(ids, "kettle2") {
		t.Errorf("node b after the poll: product scene of kettle = %v, want kettle2 among them", ids)
	}
	if changed, err := b.Poll(context.Background()); err != nil || changed {
		t.Errorf("a second poll with nothing new: changed %v, %v", changed, err)
	}
}
