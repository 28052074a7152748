package web

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/assistant"
)

// kbView is the knowledge-base editor with the "try the assistant" box.
type kbView struct {
	Entries []rapport.KBEntry
	Edit    rapport.KBEntry // the entry in the form (ID 0: a new one)
	Error   string          // translated problem with the form
	Try     string          // the text tried
	Reply   *assistant.Reply
}

// kbAssistants keeps one trained assistant per store between requests.
var kbAssistants sync.Map // rapport.Store → *assistant.Assistant

func (c *console) kbAssistant() *assistant.Assistant {
	if a, ok := kbAssistants.Load(c.store); ok {
		return a.(*assistant.Assistant)
	}
	a, _ := kbAssistants.LoadOrStore(c.store, assistant.New(c.store, c.clock, nil))
	return a.(*assistant.Assistant)
}

// kbPage lists the entries; ?edit=ID fills the form with one of them.
func (c *console) kbPage(w http.ResponseWriter, r *http.Request) {
	v := kbView{}
	if id, err := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64); err == nil {
		e, err := c.store.KBEntry(r.Context(), id)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		v.Edit = *e
	}
	c.renderKB(w, r, http.StatusOK, v)
}

func (c *console) renderKB(w http.ResponseWriter, r *http.Request, status int, v kbView) {
	es, err := c.store.KBEntries(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Entries = es
	c.render(w, r, status, kbEditor(c.shell(r, "service", "kb.title"), v))
}

// saveKB creates an entry, or replaces the one named in the path.
func (c *console) saveKB(w http.ResponseWriter, r *http.Request) {
	e := rapport.KBEntry{Lang: strings.TrimSpace(r.PostFormValue("lang")), Question: r.PostFormValue("question"),
		Answer: r.PostFormValue("answer"), Handover: r.PostFormValue("handover") == "on"}
	for _, line := range strings.Split(r.PostFormValue("examples"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			e.Examples = append(e.Examples, line)
		}
	}
	if id := r.PathValue("id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			c.notFound(w, r)
			return
		}
		e.ID = n
	}
	if verr := assistant.Validate(&e); verr != nil {
		c.renderKB(w, r, http.StatusBadRequest, kbView{Edit: e, Error: "kb.invalid." + verr.Field})
		return
	}
	now := c.clock.Now()
	e.UpdatedAt = now
	var err error
	if e.ID == 0 {
		e.CreatedAt = now
		err = c.store.CreateKBEntry(r.Context(), &e)
	} else {
		err = c.store.UpdateKBEntry(r.Context(), &e)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/service/kb", http.StatusSeeOther)
}

// deleteKB removes an entry.
func (c *console) deleteKB(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = c.store.DeleteKBEntry(r.Context(), id)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/service/kb", http.StatusSeeOther)
}

// tryKB shows what the assistant would answer, recording nothing.
func (c *console) tryKB(w http.ResponseWriter, r *http.Request) {
	text := strings.TrimSpace(r.PostFormValue("text"))
	if text == "" {
		c.renderKB(w, r, http.StatusBadRequest, kbView{Error: "kb.invalid.text"})
		return
	}
	reply, err := c.kbAssistant().Try(r.Context(), text)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderKB(w, r, http.StatusOK, kbView{Try: text, Reply: reply})
}

// kbFormAction is where the entry form posts: a new entry or an edit.
func kbFormAction(id int64) string {
	if id == 0 {
		return "/service/kb"
	}
	return "/service/kb/" + strconv.FormatInt(id, 10)
}
