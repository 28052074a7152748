package live

import (
	"fmt"

	"github.com/rapport-cx/rapport/internal/recommend"
)

// explain finds the reason of a page item: the neighbour list a scene
// scored it through, a matching search, the history item most similar to
// it, or the segment's reason (best-seller for a new customer, new arrival
// for a high-value one).
func (rk *ranking) explain(c candidate) why {
	w := rk.baseReason(c.item)
	switch {
	case rk.pop != nil:
		// popularity above half the best-seller's, and more than the model's own score
		if l := rk.pop[c.item] * rk.liftScale; l > bestSellerWeight/2 && c.score-l < l {
			return why{reasonBestSeller, -1}
		}
	case rk.itemMul != nil:
		if w.kind == reasonPopular && rk.snap.fresh[c.item] {
			return why{reasonNew, -1}
		}
	}
	return w
}

func (rk *ranking) baseReason(i int32) why {
	if w, ok := rk.why[i]; ok {
		return w
	}
	if rk.search != "" && matches(rk.snap.text[i], rk.search) {
		return why{reasonSearch, -1}
	}
	if rk.personal {
		if w, ok := rk.mostSimilarTouched(i); ok {
			return w
		}
	}
	return rk.fallback
}

// mostSimilarTouched returns the history item j with the largest
// weight × similarity(j, i), worded by what the customer did with j.
func (rk *ranking) mostSimilarTouched(i int32) (why, bool) {
	var best float32
	w := why{reasonPopular, -1}
	for k, j := range rk.hist.Items {
		if rk.hist.Values[k] <= 0 {
			continue
		}
		if c := rk.hist.Values[k] * rk.snap.similar.Similarity(j, i); c > best {
			best, w = c, why{rk.kindReason(rk.snap.items.Key(j)), j}
		}
	}
	return w, best > 0
}

func (rk *ranking) kindReason(id string) reasonKind {
	switch rk.v.items[id].kind {
	case recommend.KindPurchase:
		return reasonBought
	case recommend.KindCart:
		return reasonCarted
	}
	return reasonViewed
}

// words puts a reason in the request's language, with the id of the
// product it refers to.
func (rk *ranking) words(w why) (string, string) {
	name, id := "", ""
	if w.because >= 0 {
		p := rk.snap.products[w.because]
		name, id = cmpOr(p.Name, p.ID), p.ID
	}
	search := ""
	if len(rk.v.searches) > 0 {
		search = rk.v.searches[len(rk.v.searches)-1]
	}
	msg := reasons[rk.req.Lang][w.kind]
	switch w.kind {
	case reasonViewed, reasonCarted, reasonBought, reasonTogether, reasonSimilar, reasonCategory:
		if name == "" {
			return reasons[rk.req.Lang][reasonPopular], ""
		}
		return fmt.Sprintf(msg, name), id
	case reasonSearch:
		return fmt.Sprintf(msg, search), ""
	}
	return msg, ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// reasons are the explanation templates by language.
var reasons = map[string]map[reasonKind]string{
	"en": {
		reasonPopular:    "Popular with customers like you",
		reasonViewed:     "Because you viewed %s",
		reasonCarted:     "Because you added %s to your cart",
		reasonBought:     "Because you bought %s",
		reasonTogether:   "Often bought together with %s",
		reasonSimilar:    "Similar to %s",
		reasonCategory:   "In the same category as %s",
		reasonSearch:     "Matches your search “%s”",
		reasonBestSeller: "Best-seller",
		reasonNew:        "New arrival",
	},
	"zh": {
		reasonPopular:    "与您相似的顾客都喜欢",
		reasonViewed:     "因为您浏览了%s",
		reasonCarted:     "因为您将%s加入了购物车",
		reasonBought:     "因为您购买了%s",
		reasonTogether:   "经常与%s一起购买",
		reasonSimilar:    "与%s相似",
		reasonCategory:   "与%s同类",
		reasonSearch:     "符合您搜索的“%s”",
		reasonBestSeller: "热销商品",
		reasonNew:        "新品上架",
	},
}
