package demo

import (
	"fmt"
	"math"
	"time"

	"github.com/rapport-cx/rapport"
)

// phrase is one short customer text in Chinese and in English.
type phrase struct{ zh, en string }

var (
	praise = []phrase{
		{"质量很好，非常满意！", "Great quality, very happy with it!"},
		{"物流很快，包装也很用心。", "Fast delivery and careful packaging."},
		{"和图片一样，性价比高。", "Exactly as pictured, good value for money."},
		{"第二次购买了，一如既往的好。", "Second time buying, as good as ever."},
		{"做工精细，推荐购买。", "Well made, would recommend."},
	}
	neutral = []phrase{
		{"还可以，中规中矩。", "It's okay, nothing special."},
		{"东西不错，就是价格有点贵。", "Nice item but a bit pricey."},
		{"一般般，和预期差不多。", "Average, about what I expected."},
	}
	complaints = map[issue][]phrase{
		issueLate: {
			{"物流太慢了，比承诺晚了好几天。", "Delivery was days later than promised."},
			{"等了一个星期才到，客服也没有提前通知。", "Took a week to arrive and nobody told me it was delayed."},
		},
		issueQuality: {
			{"质量太差，用了两天就坏了。", "Poor quality, it broke after two days."},
			{"做工粗糙，有明显瑕疵。", "Rough finish with visible defects."},
		},
		issueSize: {
			{"尺码偏小，穿不上，只能退货。", "Runs small, didn't fit, had to return it."},
			{"尺码和描述的不一样。", "The size doesn't match the size chart."},
		},
		issueNotAsDescribed: {
			{"实物和图片差别很大，与描述不符。", "Looks nothing like the photos, not as described."},
			{"颜色和描述不符，有色差。", "The colour is different from the description."},
		},
	}
	titles = map[int]phrase{
		1: {"很失望", "Very disappointed"}, 2: {"不满意", "Not happy"}, 3: {"一般", "It's okay"},
		4: {"不错", "Good"}, 5: {"非常满意", "Love it"},
	}
	ticketSubjects = map[issue]phrase{
		issueLate:           {"订单超过承诺时间还没到", "My order is later than promised"},
		issueQuality:        {"收到的商品有质量问题", "The item I received is defective"},
		issueSize:           {"尺码不合适，想换货", "Wrong size, I'd like an exchange"},
		issueNotAsDescribed: {"商品与描述不符", "The item is not as described"},
	}
	ticketTopics = map[issue]string{issueLate: "delivery", issueQuality: "quality", issueSize: "size", issueNotAsDescribed: "not_as_described"}
)

// say picks the Chinese text seven times in ten, else the English one.
func (s *sim) say(p phrase) string {
	if s.r.Float64() < 0.7 {
		return p.zh
	}
	return p.en
}

func (s *sim) pick(list []phrase) string { return s.say(list[s.r.IntN(len(list))]) }

// rating is the star rating the customer gives the order's first product.
func (s *sim) rating(o *placed, is issue) int {
	score := 2 + 3*o.items[0].Quality + (s.r.Float64()-0.5)*1.4
	switch is {
	case issueLate:
		score -= 1.5
	case issueSize:
		score = 2 + s.r.Float64()*1.4
	case issueQuality, issueNotAsDescribed:
		score = 1 + s.r.Float64()*1.4
	}
	r := int(math.Max(1, math.Min(5, math.Round(score))))
	if s.p.persona == PersonaChurnRisk && is != issueNone {
		r = min(r, 3)
	}
	return r
}

// review posts a Product Reviewed about the order's first product.
func (s *sim) review(o *placed, is issue, at time.Time) {
	stars := s.rating(o, is)
	var body string
	switch {
	case is != issueNone && stars <= 3:
		body = s.pick(complaints[is])
	case stars >= 4:
		body = s.pick(praise)
	default:
		body = s.pick(neutral)
	}
	p := o.items[0]
	s.track(rapport.EventProductReviewed, o.ch, at, map[string]any{
		"review_id": "RV" + o.id[2:], "order_id": o.id, "product_id": p.ID, "name": p.Name, "category": p.Category,
		"rating": float64(stars), "title": s.say(titles[stars]), "review_body": body,
	})
}

// ticket opens a service case about the order and, usually, resolves it;
// it returns when the case ended (or was opened, if still open).
func (s *sim) ticket(o *placed, is issue, at time.Time) time.Time {
	s.tickets++
	id := fmt.Sprintf("TK%s%02d", s.p.userID[1:], s.tickets)
	priority := "normal"
	if s.p.persona == PersonaHighValue {
		priority = "high"
	}
	s.track(rapport.EventTicketCreated, s.channel(), at, map[string]any{
		"ticket_id": id, "order_id": o.id, "topic": ticketTopics[is], "subject": s.say(ticketSubjects[is]), "priority": priority,
	})
	if s.r.Float64() < 0.15 {
		return at // still open
	}
	firstResponse := 2 + s.r.IntN(90)
	resolved := at.Add(time.Duration(firstResponse+30+s.r.IntN(2880)) * time.Minute)
	s.track(rapport.EventTicketResolved, s.channel(), resolved, map[string]any{
		"ticket_id": id, "order_id": o.id, "topic": ticketTopics[is],
		"first_response_minutes": float64(firstResponse), "resolution_minutes": math.Round(resolved.Sub(at).Minutes()),
	})
	if s.r.Float64() < 0.6 {
		s.survey(resolved.Add(time.Duration(10+s.r.IntN(600))*time.Minute), "csat", s.csatScore(is))
	}
	return resolved
}

// csatScore is the customer's 1–5 satisfaction with how a case was handled.
func (s *sim) csatScore(is issue) int {
	score := 3 + s.r.IntN(3)
	if is == issueLate || s.p.persona == PersonaProblem {
		score = 1 + s.r.IntN(4)
	}
	return score
}
