package ingest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// recorder is an observer that keeps the message ids it saw, in order.
type recorder struct {
	mu    sync.Mutex
	seen  []string
	gate  chan struct{} // if non-nil, Observe waits for it to be closed
	calls chan int      // if non-nil, receives each call's event count
}

func (r *recorder) observe(_ context.Context, events []*rapport.Event) error {
	if r.calls != nil {
		r.calls <- len(events)
	}
	if r.gate != nil {
		<-r.gate
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range events {
		r.seen = append(r.seen, e.MessageID)
	}
	return nil
}

func (r *recorder) ids() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.seen)
}

// tracks makes n track events named name for customer u, with message ids
// prefix-0 … prefix-(n-1).
func tracks(prefix, name string, n int) []*rapport.Event {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	out := make([]*rapport.Event, n)
	for i := range out {
		out[i] = &rapport.Event{MessageID: fmt.Sprintf("%s-%d", prefix, i), Type: rapport.TypeTrack, Name: name,
			UserID: "u-" + prefix, Timestamp: at.Add(time.Duration(i) * time.Second), ReceivedAt: at}
	}
	return out
}

func ids(events []*rapport.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.MessageID
	}
	return out
}

func submit(t *testing.T, p *Pipeline, events []*rapport.Event) {
	t.Helper()
	if err := p.Submit(t.Context(), events); err != nil {
		t.Fatal(err)
	}
}

func TestObserversSeeStoredEventsOnceInCommitOrder(t *testing.T) {
	st := openStore(t, t.TempDir())
	defer st.Close()
	all, tickets := &recorder{}, &recorder{}
	p := NewPipeline(PipelineConfig{Store: st, Observers: []Observer{
		{Name: "all", Observe: all.observe},
		{Name: "tickets", Events: []string{rapport.EventTicketCreated}, Observe: tickets.observe},
	}})
	views, opened := tracks("v", rapport.EventProductViewed, 5), tracks("t", rapport.EventTicketCreated, 3)
	submit(t, p, views)
	submit(t, p, opened)
	submit(t, p, tracks("v", rapport.EventProductViewed, 5)) // the same messages again: duplicates
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := append(ids(views), ids(opened)...)
	if got := all.ids(); !slices.Equal(got, want) {
		t.Errorf("observer of every event saw %v, want %v", got, want)
	}
	if got := tickets.ids(); !slices.Equal(got, ids(opened)) {
		t.Errorf("observer of Ticket Created saw %v, want %v", got, ids(opened))
	}
}

func TestASlowObserverHoldsTheWriterBackAndLosesNothing(t *testing.T) {
	st := openStore(t, t.TempDir())
	defer st.Close()
	slow := &recorder{gate: make(chan struct{}), calls: make(chan int, 10)}
	p := NewPipeline(PipelineConfig{Store: st, ObserverQueue: 1,
		Observers: []Observer{{Name: "slow", Observe: slow.observe}}})
	var sent []string
	// The first commit is being observed, the second waits in the queue, the
	// third waits in the writer's hand: every request so far is answered.
	for i := range 3 {
		batch := tracks(fmt.Sprint("b", i), rapport.EventProductViewed, 4)
		sent = append(sent, ids(batch)...)
		submit(t, p, batch)
		if i == 0 {
			<-slow.calls
		}
	}
	// The writer now waits for the observer, so a fourth request stays queued.
	last := tracks("b3", rapport.EventProductViewed, 4)
	sent = append(sent, ids(last)...)
	done := make(chan error, 1)
	go func() { done <- p.Submit(context.Background(), last) }()
	deadline := time.Now().Add(5 * time.Second)
	for p.Stats().QueueEvents != 4 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if q := p.Stats().QueueEvents; q != 4 {
		t.Fatalf("queue holds %d events while the observer is stuck, want the fourth request's 4", q)
	}
	close(slow.gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := slow.ids(); !slices.Equal(got, sent) {
		t.Errorf("slow observer saw %v, want %v", got, sent)
	}
}

func TestDurableObserverCatchesUpAfterARestart(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	// Events stored before the observer first ran are not its business.
	if _, err := st.Ingest(t.Context(), tracks("old", rapport.EventTicketCreated, 2)); err != nil {
		t.Fatal(err)
	}
	first := &recorder{}
	obs := func(r *recorder) []Observer {
		return []Observer{{Name: "tickets", Durable: true, Events: []string{rapport.EventTicketCreated}, Observe: r.observe}}
	}
	p := NewPipeline(PipelineConfig{Store: st, Observers: obs(first)})
	a := tracks("a", rapport.EventTicketCreated, 3)
	submit(t, p, a)
	submit(t, p, tracks("noise", rapport.EventProductViewed, 3))
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := first.ids(); !slices.Equal(got, ids(a)) {
		t.Fatalf("first run saw %v, want %v", got, ids(a))
	}

	// While no pipeline runs, an import stores more tickets.
	b := tracks("b", rapport.EventTicketCreated, 4)
	if _, err := st.Ingest(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// The next start hands the observer the imported tickets, then new ones.
	st = openStore(t, dir)
	defer st.Close()
	second := &recorder{}
	p = NewPipeline(PipelineConfig{Store: st, Observers: obs(second)})
	c := tracks("c", rapport.EventTicketCreated, 2)
	submit(t, p, c)
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := second.ids(), append(ids(b), ids(c)...); !slices.Equal(got, want) {
		t.Errorf("after the restart the observer saw %v, want %v", got, want)
	}
}

func TestDurableObserverSeesAgainWhatACrashCutOff(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, dir)
	defer st.Close()
	failing := &recorder{}
	stuck := make(chan struct{})
	p := NewPipeline(PipelineConfig{Store: st, Observers: []Observer{{Name: "tickets", Durable: true,
		Observe: func(ctx context.Context, events []*rapport.Event) error {
			<-stuck // never handled: the process dies first
			return ctx.Err()
		}}}})
	lost := tracks("lost", rapport.EventTicketCreated, 3)
	submit(t, p, lost)
	// The process dies: Close gives up at once and the observer is cut off.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_ = p.Close(ctx)
	close(stuck)

	p = NewPipeline(PipelineConfig{Store: st, Observers: []Observer{{Name: "tickets", Durable: true, Observe: failing.observe}}})
	if err := p.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := failing.ids(); !slices.Equal(got, ids(lost)) {
		t.Errorf("after the crash the observer saw %v, want %v", got, ids(lost))
	}
}

func TestDurableObserverSeesEventsOtherWritersStore(t *testing.T) {
	st := openStore(t, t.TempDir())
	defer st.Close()
	defer func(d time.Duration) { catchUpEvery = d }(catchUpEvery)
	catchUpEvery = 50 * time.Millisecond
	seen := &recorder{}
	p := NewPipeline(PipelineConfig{Store: st, Observers: []Observer{{Name: "tickets", Durable: true,
		Events: []string{rapport.EventTicketCreated}, Observe: seen.observe}}})
	defer p.Close(t.Context())

	// Another writer stores tickets between two commits of the pipeline:
	// the second commit's gap brings them first, in order.
	a, other, b := tracks("a", rapport.EventTicketCreated, 2), tracks("other", rapport.EventTicketCreated, 3), tracks("b", rapport.EventTicketCreated, 2)
	submit(t, p, a)
	if _, err := st.Ingest(t.Context(), other); err != nil {
		t.Fatal(err)
	}
	submit(t, p, b)
	want := append(append(ids(a), ids(other)...), ids(b)...)
	deadline := time.Now().Add(10 * time.Second)
	for len(seen.ids()) < len(want) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := seen.ids(); !slices.Equal(got, want) {
		t.Fatalf("observer saw %v, want %v", got, want)
	}

	// Without a commit after them, the poll brings them.
	late := tracks("late", rapport.EventTicketCreated, 2)
	if _, err := st.Ingest(t.Context(), late); err != nil {
		t.Fatal(err)
	}
	want = append(want, ids(late)...)
	for len(seen.ids()) < len(want) && time.Now().Before(deadline.Add(10*time.Second)) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := seen.ids(); !slices.Equal(got, want) {
		t.Errorf("after the poll the observer saw %v, want %v", got, want)
	}
}
