package live

import (
	"slices"
	"time"

	"github.com/rapport-cx/rapport"
)

// AttributionWindow is how long after a click an order of the clicked item
// counts as converted by the recommendation.
const AttributionWindow = 7 * 24 * time.Hour

// SceneMetrics are the online figures of one scene and model.
type SceneMetrics struct {
	Scene      string  `json:"scene"`
	Model      string  `json:"model"`
	Served     int     `json:"served"`     // lists returned by the API
	Viewed     int     `json:"viewed"`     // Recommendation Viewed events
	Clicked    int     `json:"clicked"`    // Recommendation Clicked events
	Orders     int     `json:"orders"`     // clicks followed by an order of the item within AttributionWindow
	Revenue    float64 `json:"revenue"`    // price × quantity of those items
	CTR        float64 `json:"ctr"`        // Clicked / Viewed
	Conversion float64 `json:"conversion"` // Orders / Clicked
}

// OnlineMetrics are the shop's recommendation figures since the data began.
type OnlineMetrics struct {
	Sessions         int            `json:"sessions"`           // runs of a customer's events without a SessionGap pause
	SessionsWithRecs int            `json:"sessions_with_recs"` // sessions with at least one Recommendation Viewed
	ReachRate        float64        `json:"reach_rate"`         // 推介率: SessionsWithRecs / Sessions
	Scenes           []SceneMetrics `json:"scenes"`
}

type sceneKey struct{ scene, model string }

type click struct {
	key sceneKey
	at  time.Time
}

// online counts sessions, views, clicks and attributed orders as events are
// folded (under the histories' lock).
type online struct {
	lastSeen map[string]time.Time // customer → last event
	sawRecs  map[string]bool      // customer → current session saw recommendations
	sessions int
	reached  int
	served   map[string]sceneKey // request id → scene and model
	counts   map[sceneKey]*SceneMetrics
	clicks   map[[2]string]click // (customer, product) → last click
}

func newOnline() *online {
	return &online{lastSeen: map[string]time.Time{}, sawRecs: map[string]bool{}, served: map[string]sceneKey{},
		counts: map[sceneKey]*SceneMetrics{}, clicks: map[[2]string]click{}}
}

func (o *online) row(k sceneKey) *SceneMetrics {
	m := o.counts[k]
	if m == nil {
		m = &SceneMetrics{Scene: k.scene, Model: k.model}
		o.counts[k] = m
	}
	return m
}

// serve records a served list.
func (o *online) serve(r rapport.RecommendationServed) {
	k := sceneKey{r.Scene, r.Model}
	if _, ok := o.served[r.RequestID]; ok {
		return
	}
	o.served[r.RequestID] = k
	o.row(k).Served++
}

// observe counts one event.
func (o *online) observe(e *rapport.Event) {
	c := e.CustomerID
	if last, ok := o.lastSeen[c]; !ok || e.Timestamp.Sub(last) > rapport.SessionGap {
		o.sessions++
		o.sawRecs[c] = false
	}
	if e.Timestamp.After(o.lastSeen[c]) {
		o.lastSeen[c] = e.Timestamp
	}
	if e.Type != rapport.TypeTrack {
		return
	}
	switch e.Name {
	case rapport.EventRecommendationViewed:
		if !o.sawRecs[c] {
			o.sawRecs[c] = true
			o.reached++
		}
		o.row(o.keyOf(e)).Viewed++
	case rapport.EventRecommendationClicked:
		k := o.keyOf(e)
		o.row(k).Clicked++
		if id := productID(e.Properties); id != "" {
			o.clicks[[2]string{c, id}] = click{k, e.Timestamp}
		}
	case rapport.EventOrderCompleted:
		o.attribute(e)
	}
}

func (o *online) keyOf(e *rapport.Event) sceneKey {
	id, _ := e.Properties["request_id"].(string)
	if k, ok := o.served[id]; ok {
		return k
	}
	scene, _ := e.Properties["scene"].(string)
	model, _ := e.Properties["model"].(string)
	return sceneKey{scene, model}
}

// attribute credits an order's items to the clicks that preceded them.
func (o *online) attribute(e *rapport.Event) {
	list, _ := e.Properties["products"].([]any)
	for _, it := range list {
		p, _ := it.(map[string]any)
		key := [2]string{e.CustomerID, productID(p)}
		cl, ok := o.clicks[key]
		if !ok || e.Timestamp.Before(cl.at) || e.Timestamp.Sub(cl.at) > AttributionWindow {
			continue
		}
		qty := num(p["quantity"])
		if qty == 0 {
			qty = 1
		}
		m := o.row(cl.key)
		m.Orders++
		m.Revenue += num(p["price"]) * qty
		delete(o.clicks, key)
	}
}

func (o *online) report() OnlineMetrics {
	out := OnlineMetrics{Sessions: o.sessions, SessionsWithRecs: o.reached, Scenes: []SceneMetrics{}}
	if o.sessions > 0 {
		out.ReachRate = float64(o.reached) / float64(o.sessions)
	}
	for _, m := range o.counts {
		r := *m
		if r.Viewed > 0 {
			r.CTR = float64(r.Clicked) / float64(r.Viewed)
		}
		if r.Clicked > 0 {
			r.Conversion = float64(r.Orders) / float64(r.Clicked)
		}
		out.Scenes = append(out.Scenes, r)
	}
	slices.SortFunc(out.Scenes, func(a, b SceneMetrics) int {
		if a.Scene != b.Scene {
			if a.Scene < b.Scene {
				return -1
			}
			return 1
		}
		if a.Model < b.Model {
			return -1
		}
		if a.Model > b.Model {
			return 1
		}
		return 0
	})
	return out
}
