package service

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

func TestOpenHandover(t *testing.T) {
	eachBackend(t, func(t *testing.T, b *bundle) {
		// Saturday 20:00: the office is closed, but a person must still answer within 10 minutes.
		b.clock.T = sh(28, 20, 0)
		c, err := b.svc.OpenHandover(t.Context(), Handover{CustomerID: "u1", Channel: rapport.ChannelMiniProgram,
			Messages: []rapport.CaseMessage{
				{Kind: rapport.AuthorCustomer, Author: "u1", Body: "我的退款什么时候到账？"},
				{Kind: rapport.AuthorSystem, Author: "assistant", Body: "退款一般在3-5个工作日到账。"},
				{Kind: rapport.AuthorCustomer, Author: "u1", Body: "我要人工客服"},
			},
			Context: map[string]string{"intent": "refund_status", "confidence": "0.41", "reason": "asked for a person"}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Subject != "我的退款什么时候到账？" || c.Type != rapport.CaseConsultation || !contains(c.Labels, "handover") {
			t.Fatalf("case %+v", c)
		}
		if due := mustClock(t, c, rapport.ClockFirstResponse).DueAt; !due.Equal(sh(28, 20, 10)) {
			t.Fatalf("first response due %v, want 20:10", due.In(shanghaiZone))
		}
		msgs, err := b.store.CaseMessages(t.Context(), c.ID)
		if err != nil || len(msgs) != 4 {
			t.Fatalf("messages %+v %v", msgs, err)
		}
		if want := "Handed over by the assistant.\nconfidence: 0.41\nintent: refund_status\nreason: asked for a person"; msgs[3].Body != want || msgs[3].Kind != rapport.AuthorNote {
			t.Fatalf("context note %q", msgs[3].Body)
		}
		// Nobody answered: the scan escalates at 20:10.
		b.scan(t, sh(28, 20, 10))
		if got := b.get(t, c.ID); !got.Breached() {
			t.Fatal("an unanswered hand-over is not breached after 10 minutes")
		}
		if _, err := b.svc.OpenHandover(t.Context(), Handover{CustomerID: "u1", Within: time.Minute}); rapport.ErrorCode(err) != rapport.EINVALID {
			t.Fatalf("a hand-over without any message: %v", err)
		}
	})
}
