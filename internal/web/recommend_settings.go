package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
)

// recWeightKinds are the interaction kinds of the settings form, in order.
var recWeightKinds = []string{"view", "search", "wishlist", "cart", "purchase", "return", "low_rating", "not_interested"}

// recSettingsForm is the settings form as entered.
type recSettingsForm struct {
	Weights           map[string]string
	RepeatCategories  string
	PerCategory       string
	MaxEASEItems      string
	RetrainEveryHours string
	Admin             bool
	Saved             bool
	Error             string
}

// recSettingsFormOf fills the form from settings.
func recSettingsFormOf(set rapport.RecommendSettings) recSettingsForm {
	f := recSettingsForm{Weights: map[string]string{}, RepeatCategories: strings.Join(set.RepeatCategories, ", "),
		PerCategory: strconv.Itoa(set.PerCategory), MaxEASEItems: strconv.Itoa(set.MaxEASEItems),
		RetrainEveryHours: strconv.Itoa(set.RetrainEveryHours)}
	for _, k := range recWeightKinds {
		f.Weights[k] = strconv.FormatFloat(set.Weights[k], 'f', -1, 64)
	}
	return f
}

// parse reads the form into settings; the error names the field.
func (f recSettingsForm) parse() (rapport.RecommendSettings, error) {
	set := rapport.RecommendSettings{Weights: map[string]float64{}, RepeatCategories: []string{}}
	for _, k := range recWeightKinds {
		v, err := strconv.ParseFloat(strings.TrimSpace(f.Weights[k]), 64)
		if err != nil {
			return set, rapport.FieldErrorf("weights."+k, "not a number: %q", f.Weights[k])
		}
		set.Weights[k] = v
	}
	for _, c := range strings.Split(f.RepeatCategories, ",") {
		set.RepeatCategories = append(set.RepeatCategories, c)
	}
	for _, n := range []struct {
		field, text string
		dst         *int
	}{{"per_category", f.PerCategory, &set.PerCategory}, {"max_ease_items", f.MaxEASEItems, &set.MaxEASEItems},
		{"retrain_every_hours", f.RetrainEveryHours, &set.RetrainEveryHours}} {
		v, err := strconv.Atoi(strings.TrimSpace(n.text))
		if err != nil {
			return set, rapport.FieldErrorf(n.field, "not a whole number: %q", n.text)
		}
		*n.dst = v
	}
	return set, nil
}

// saveRecommendSettings replaces the recommendation settings (admins only).
func (c *console) saveRecommendSettings(w http.ResponseWriter, r *http.Request) {
	if c.recommender == nil {
		c.fail(w, r, rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
		return
	}
	f := recSettingsForm{Weights: map[string]string{}, RepeatCategories: r.PostFormValue("repeat_categories"),
		PerCategory: r.PostFormValue("per_category"), MaxEASEItems: r.PostFormValue("max_ease_items"),
		RetrainEveryHours: r.PostFormValue("retrain_every_hours"), Admin: true}
	for _, k := range recWeightKinds {
		f.Weights[k] = r.PostFormValue("weight_" + k)
	}
	set, err := f.parse()
	if err == nil {
		_, err = c.recommender.UpdateSettings(r.Context(), set)
	}
	if err != nil {
		f.Error = rapport.ErrorMessage(err)
		if e, ok := err.(*rapport.Error); ok && e.Field != "" {
			f.Error = e.Field + ": " + e.Message
		}
		c.renderRecommendations(w, r, http.StatusBadRequest, &f)
		return
	}
	http.Redirect(w, r, "/recommendations?saved=1#rec-settings", http.StatusSeeOther)
}
