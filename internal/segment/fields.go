package segment

import (
	"sort"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// Kind is the type of a field's values.
type Kind string

// Field kinds.
const (
	KindNumber Kind = "number"
	KindString Kind = "string"
	KindBool   Kind = "bool"
	KindList   Kind = "list"    // tags: a list of strings
	KindAny    Kind = "dynamic" // traits and computed tags: whatever was sent
)

// Field is one profile field rules can test.
type Field struct {
	Name  string
	Kind  Kind
	Label map[string]string // en, zh
	num   func(*Subject) (float64, bool)
	str   func(*Subject) (string, bool)
}

// stat builds a number field that is always present.
func stat(name, en, zh string, f func(*rapport.Stats) float64) Field {
	return Field{Name: name, Kind: KindNumber, Label: map[string]string{"en": en, "zh": zh},
		num: func(s *Subject) (float64, bool) { return f(&s.Customer.Stats), true }}
}

func daysField(name, en, zh string, at func(*rapport.Customer) time.Time) Field {
	return Field{Name: name, Kind: KindNumber, Label: map[string]string{"en": en, "zh": zh},
		num: func(s *Subject) (float64, bool) { return daysSince(at(s.Customer), s.Now) }}
}

func basic(name, en, zh string, f func(*rapport.Customer) string) Field {
	return Field{Name: name, Kind: KindString, Label: map[string]string{"en": en, "zh": zh},
		str: func(s *Subject) (string, bool) { v := f(s.Customer); return v, v != "" }}
}

// fields are the named profile fields; traits.*, tags and computed tag
// paths (predicted.*, rfm.*, cluster.*) are resolved in lookupField.
var fields = map[string]Field{}

func init() {
	list := []Field{
		stat("orders", "orders", "订单数", func(s *rapport.Stats) float64 { return float64(s.Orders) }),
		stat("revenue", "revenue", "消费金额", func(s *rapport.Stats) float64 { return s.Revenue }),
		stat("aov", "average order value", "客单价", func(s *rapport.Stats) float64 { return s.AverageOrderValue() }),
		stat("refunds", "refunds", "退款次数", func(s *rapport.Stats) float64 { return float64(s.Refunds) }),
		stat("refund_amount", "refunded amount", "退款金额", func(s *rapport.Stats) float64 { return s.RefundAmount }),
		stat("cancellations", "cancelled orders", "取消订单数", func(s *rapport.Stats) float64 { return float64(s.Cancellations) }),
		stat("returns", "returns", "退货次数", func(s *rapport.Stats) float64 { return float64(s.Returns) }),
		stat("reviews", "reviews", "评价数", func(s *rapport.Stats) float64 { return float64(s.Reviews) }),
		stat("sessions", "browsing sessions", "访问次数", func(s *rapport.Stats) float64 { return float64(sessions(s)) }),
		stat("views", "page and product views", "浏览次数", func(s *rapport.Stats) float64 { return float64(views(s)) }),
		stat("events", "events", "事件数", func(s *rapport.Stats) float64 { return float64(s.Events) }),
		stat("searches", "searches", "搜索次数", func(s *rapport.Stats) float64 { return float64(s.Searches) }),
		stat("cart_adds", "add-to-carts", "加购次数", func(s *rapport.Stats) float64 { return float64(s.CartAdds) }),
		stat("wishlist_adds", "wishlist adds", "收藏次数", func(s *rapport.Stats) float64 { return float64(s.WishlistAdds) }),
		stat("checkouts", "checkouts started", "结算次数", func(s *rapport.Stats) float64 { return float64(s.Checkouts) }),
		stat("tickets", "service tickets", "服务工单数", func(s *rapport.Stats) float64 { return float64(s.Tickets) }),
		stat("surveys", "survey answers", "问卷回答数", func(s *rapport.Stats) float64 { return float64(s.Surveys) }),
		stat("referrals", "referrals", "推荐人数", func(s *rapport.Stats) float64 { return float64(s.Referrals) }),
		{Name: "average_rating", Kind: KindNumber, Label: map[string]string{"en": "average rating", "zh": "平均评分"},
			num: func(s *Subject) (float64, bool) {
				st := &s.Customer.Stats
				return st.AverageRating(), st.Reviews > 0
			}},
		{Name: "last_rating", Kind: KindNumber, Label: map[string]string{"en": "last rating", "zh": "最近一次评分"},
			num: func(s *Subject) (float64, bool) {
				st := &s.Customer.Stats
				return st.LastRating, st.Reviews > 0
			}},
		{Name: "nps", Kind: KindNumber, Label: map[string]string{"en": "last NPS answer", "zh": "最近一次 NPS 评分"},
			num: func(s *Subject) (float64, bool) {
				if p := s.Customer.Stats.LastNPS; p != nil {
					return float64(*p), true
				}
				return 0, false
			}},
		{Name: "age", Kind: KindNumber, Label: map[string]string{"en": "age", "zh": "年龄"},
			num: func(s *Subject) (float64, bool) { a := s.Customer.Basic.Age; return float64(a), a > 0 }},
		daysField("days_since_last_order", "days since last order", "距上次下单天数", func(c *rapport.Customer) time.Time { return c.Stats.LastOrderAt }),
		daysField("days_since_first_order", "days since first order", "距首次下单天数", func(c *rapport.Customer) time.Time { return c.Stats.FirstOrderAt }),
		daysField("days_since_registered", "days since registration", "注册天数", registeredAt),
		daysField("days_since_last_seen", "days since last seen", "距上次访问天数", func(c *rapport.Customer) time.Time { return c.Stats.LastSeen }),
		daysField("days_since_first_seen", "days since first seen", "距首次访问天数", func(c *rapport.Customer) time.Time { return c.Stats.FirstSeen }),
		daysField("days_since_last_ticket", "days since last service ticket", "距上次服务工单天数", func(c *rapport.Customer) time.Time { return c.Stats.LastTicketAt }),
		basic("gender", "gender", "性别", func(c *rapport.Customer) string { return c.Basic.Gender }),
		basic("age_band", "age band", "年龄段", func(c *rapport.Customer) string { return c.Basic.AgeBand }),
		basic("region", "region", "地区", func(c *rapport.Customer) string { return c.Basic.Region }),
		basic("city", "city", "城市", func(c *rapport.Customer) string { return c.Basic.City }),
		basic("occupation", "occupation", "职业", func(c *rapport.Customer) string { return c.Basic.Occupation }),
		basic("income_band", "income band", "收入段", func(c *rapport.Customer) string { return c.Basic.IncomeBand }),
		basic("household", "household", "家庭结构", func(c *rapport.Customer) string { return c.Basic.Household }),
		basic("channel", "registration channel", "注册渠道", func(c *rapport.Customer) string { return string(c.Basic.Channel) }),
		basic("email", "email", "邮箱", func(c *rapport.Customer) string { return c.Email }),
		basic("name", "name", "姓名", func(c *rapport.Customer) string { return c.Name }),
		{Name: "known", Kind: KindBool, Label: map[string]string{"en": "registered (known id)", "zh": "已注册"},
			num: func(s *Subject) (float64, bool) { return boolNum(s.Customer.Known), true }},
		{Name: "tags", Kind: KindList, Label: map[string]string{"en": "tags", "zh": "标签"}},
		{Name: "behaviour.categories", Kind: KindList, Label: map[string]string{"en": "preferred categories", "zh": "偏好品类"}},
		{Name: "behaviour.search_interests", Kind: KindList, Label: map[string]string{"en": "search interests", "zh": "搜索兴趣"}},
		basic("behaviour.price_band", "price band", "价格带", func(c *rapport.Customer) string { return c.Stats.Behaviour().PriceBand }),
		basic("behaviour.preferred_channel", "preferred channel", "偏好渠道", func(c *rapport.Customer) string {
			return string(c.Stats.Behaviour().PreferredChannel)
		}),
		{Name: "behaviour.return_propensity", Kind: KindNumber, Label: map[string]string{"en": "returns per order", "zh": "退货倾向"},
			num: func(s *Subject) (float64, bool) {
				st := &s.Customer.Stats
				return st.Behaviour().ReturnPropensity, st.Orders > 0
			}},
	}
	for _, f := range list {
		fields[f.Name] = f
	}
}

func boolNum(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// computedPrefixes start the paths of tags a TagSource supplies.
var computedPrefixes = []string{"predicted.", "rfm.", "cluster."}

// lookupField resolves a field path: a named field, traits.<key>, or a
// computed tag path. ok is false for an unknown path.
func lookupField(path string) (Field, bool) {
	if f, ok := fields[path]; ok {
		return f, true
	}
	if key, ok := strings.CutPrefix(path, "traits."); ok && key != "" {
		return Field{Name: path, Kind: KindAny, Label: map[string]string{"en": "trait " + key, "zh": "属性 " + key}}, true
	}
	for _, p := range computedPrefixes {
		if strings.HasPrefix(path, p) && len(path) > len(p) {
			return Field{Name: path, Kind: KindAny, Label: map[string]string{"en": path, "zh": path}}, true
		}
	}
	return Field{}, false
}

// FieldNames lists the named fields, sorted, for builders and docs.
func FieldNames() []string {
	out := make([]string, 0, len(fields))
	for name := range fields {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// FieldKind returns a named field's kind and its label in a language.
func FieldKind(name, lang string) (Kind, string, bool) {
	f, ok := lookupField(name)
	if !ok {
		return "", "", false
	}
	return f.Kind, f.Label[lang], true
}

// isComputed reports whether a field path reads computed tags.
func isComputed(path string) bool {
	for _, p := range computedPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
