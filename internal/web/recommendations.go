package web

import (
	"net/http"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend/live"
)

// sceneResult is what one scene returns for the chosen customer or item.
type sceneResult struct {
	Scene    string
	Response *live.Response
	Error    string
}

// recommendationsView is the Recommendations page.
type recommendationsView struct {
	Enabled  bool
	Customer string
	Item     string
	Ready    bool
	Model    rapport.RecommendModel
	Scenes   []sceneResult
	Online   live.OnlineMetrics
	Settings recSettingsForm
}

// recommendationsPage shows, for a customer or an item, what every scene
// returns and why; the live model's status; and the online measurement.
func (c *console) recommendationsPage(w http.ResponseWriter, r *http.Request) {
	c.renderRecommendations(w, r, http.StatusOK, nil)
}

// renderRecommendations renders the page; a settings form given (refused
// input) is shown as entered instead of the settings in use.
func (c *console) renderRecommendations(w http.ResponseWriter, r *http.Request, status int, form *recSettingsForm) {
	s := c.shell(r, "recommendations", "nav.recommendations")
	v := recommendationsView{Enabled: c.recommender != nil,
		Customer: strings.TrimSpace(r.URL.Query().Get("customer")), Item: strings.TrimSpace(r.URL.Query().Get("item"))}
	if !v.Enabled {
		c.render(w, r, status, recommendationsPageView(s, v))
		return
	}
	if form != nil {
		v.Settings = *form
	} else {
		v.Settings = recSettingsFormOf(c.recommender.Settings())
		v.Settings.Saved = r.URL.Query().Get("saved") == "1"
	}
	v.Settings.Admin = HasRole(r.Context(), rapport.RoleAdmin)
	v.Model, v.Ready = c.recommender.Status()
	v.Online = c.recommender.Online()
	if v.Ready && (v.Customer != "" || v.Item != "") {
		lang := string(s.Lang)
		for _, scene := range []string{live.SceneHome, live.SceneProduct, live.SceneCart, live.ScenePostPurchase} {
			if scene == live.SceneProduct && v.Item == "" {
				continue
			}
			res := sceneResult{Scene: scene}
			resp, err := c.recommender.Recommend(r.Context(), live.Request{CustomerID: v.Customer, Scene: scene, Item: v.Item, N: 10, Lang: lang})
			if err != nil {
				res.Error = rapport.ErrorMessage(err)
			}
			res.Response = resp
			v.Scenes = append(v.Scenes, res)
		}
	}
	c.render(w, r, status, recommendationsPageView(s, v))
}

// sceneLabel names a scene in the page's language.
func sceneLabel(l lang, scene string) string {
	switch scene {
	case live.SceneHome:
		return l.T("rec.scene.home")
	case live.SceneProduct:
		return l.T("rec.scene.product")
	case live.SceneCart:
		return l.T("rec.scene.cart")
	case live.ScenePostPurchase:
		return l.T("rec.scene.post_purchase")
	}
	return scene
}

// segmentLabel names a rerank segment in the page's language.
func segmentLabel(l lang, segment string) string {
	switch segment {
	case live.SegmentNew:
		return l.T("rec.segment.new")
	case live.SegmentPotential:
		return l.T("rec.segment.potential")
	case live.SegmentHighValue:
		return l.T("rec.segment.high_value")
	}
	return segment
}
