package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// afterSaleKinds are the request kinds the approval-rule editor offers.
var afterSaleKinds = []rapport.CaseType{rapport.CaseReturn, rapport.CaseExchange, rapport.CaseRefund, rapport.CaseQualityClaim}

// rulesForm is the approval rules as the editor shows them.
type rulesForm struct {
	Enabled       bool
	Kinds         []rapport.CaseType
	Days          string
	MaxAmount     string
	Reasons       string
	NotReturnable string
	MaxReturns    string
}

func newRulesForm(r service.ApprovalRules) rulesForm {
	return rulesForm{Enabled: r.Enabled, Kinds: r.Kinds, Days: strconv.Itoa(r.Days),
		MaxAmount: strconv.FormatFloat(r.MaxAmount, 'f', -1, 64), Reasons: strings.Join(r.Reasons, ", "),
		NotReturnable: strings.Join(r.NotReturnable, ", "), MaxReturns: strconv.Itoa(r.MaxReturns)}
}

// hasKind reports whether the form approves a kind.
func (f rulesForm) hasKind(k rapport.CaseType) bool { return slices.Contains(f.Kinds, k) }

// parseRules reads the editor's fields; an error names the field.
func parseRules(r *http.Request) (rulesForm, service.ApprovalRules, error) {
	f := rulesForm{Enabled: r.PostFormValue("rule-enabled") == "1", Days: strings.TrimSpace(r.PostFormValue("rule-days")),
		MaxAmount: strings.TrimSpace(r.PostFormValue("rule-amount")), Reasons: r.PostFormValue("rule-reasons"),
		NotReturnable: r.PostFormValue("rule-not-returnable"), MaxReturns: strings.TrimSpace(r.PostFormValue("rule-max-returns"))}
	for _, k := range r.PostForm["rule-kind"] {
		f.Kinds = append(f.Kinds, rapport.CaseType(k))
	}
	rules := service.ApprovalRules{Enabled: f.Enabled, Kinds: f.Kinds, Reasons: splitList(f.Reasons),
		NotReturnable: splitList(f.NotReturnable)}
	var err error
	if rules.Days, err = strconv.Atoi(f.Days); err != nil {
		return f, rules, rapport.FieldErrorf("after_sales.within_days", "%q is not a whole number of days", f.Days)
	}
	if rules.MaxAmount, err = strconv.ParseFloat(f.MaxAmount, 64); err != nil {
		return f, rules, rapport.FieldErrorf("after_sales.max_amount", "%q is not an amount", f.MaxAmount)
	}
	if rules.MaxReturns, err = strconv.Atoi(f.MaxReturns); err != nil {
		return f, rules, rapport.FieldErrorf("after_sales.max_returns", "%q is not a whole number", f.MaxReturns)
	}
	return f, rules, nil
}

// saveRules replaces the approval rules from the editor (admins only).
func (c *console) saveRules(w http.ResponseWriter, r *http.Request) {
	svc := c.svc()
	cfg, err := svc.Config(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	f, rules, err := parseRules(r)
	if err == nil {
		edited := *cfg
		edited.AfterSales = rules
		err = svc.SetConfig(r.Context(), &edited)
	}
	if err != nil {
		c.renderServiceSettings(w, r, http.StatusBadRequest, settingsErr(settingsView{RulesForm: &f}, err))
		return
	}
	http.Redirect(w, r, "/service/settings?saved=1", http.StatusSeeOther)
}

// settingsErr puts an error, and the field it names, on the settings page.
func settingsErr(v settingsView, err error) settingsView {
	v.Error = err.Error()
	if e, ok := err.(*rapport.Error); ok {
		v.Error, v.ErrorField = e.Field+": "+e.Message, e.Field
	}
	return v
}
