package textan

import (
	"strings"
)

// Aspect is a pain-point category with the terms that signal it.
type Aspect struct {
	Name  string   `json:"name"`
	Terms []string `json:"terms"` // Chinese and English, lower case
	// Expanded are terms learnt from the shop's own text (ExpandLexicon).
	Expanded []string `json:"expanded,omitempty"`
}

// Lexicon is the list of aspects a shop looks for; shops edit it and add
// their own aspects.
type Lexicon []Aspect

// The built-in aspect names.
const (
	AspectDelivery    = "delivery"
	AspectQuality     = "quality"
	AspectFit         = "size_fit"
	AspectMismatch    = "description_mismatch"
	AspectPrice       = "price_value"
	AspectPackaging   = "packaging"
	AspectService     = "customer_service"
	AspectReturns     = "returns_refunds"
	defaultLexiconDoc = "built-in"
)

// DefaultLexicon returns the seed lexicon (a fresh copy to edit).
func DefaultLexicon() Lexicon {
	return Lexicon{
		{Name: AspectDelivery, Terms: strings.Fields(`物流 快递 发货 送货 到货 配送 派送 发货速度 物流速度 顺丰 京东物流 送到 收到货 三天 几天才 shipping shipped delivery delivered arrive arrived arrival courier package tracking late`)},
		{Name: AspectQuality, Terms: strings.Fields(`质量 做工 材质 面料 质感 品质 掉色 起球 开线 线头 破损 坏了 瑕疵 耐用 结实 quality material fabric stitching seams durable flimsy thin cheaply defect defective broke broken ripped tear pilling`)},
		{Name: AspectFit, Terms: strings.Fields(`尺码 码数 尺寸 偏大 偏小 大了 小了 太大 太小 合身 不合身 穿着紧 长度 size sizing fit fits fitted runs small large tight loose petite length snug baggy`)},
		{Name: AspectMismatch, Terms: strings.Fields(`色差 与描述 和描述 不符 图片 照片 实物 不一样 描述 宣传 假货 picture pictured photo photos described description online looked expected misleading`)},
		{Name: AspectPrice, Terms: strings.Fields(`价格 价钱 性价比 便宜 太贵 很贵 有点贵 不贵 划算 实惠 不值 值这个价 优惠 降价 price priced pricey expensive cheap value worth money sale discount overpriced`)},
		{Name: AspectPackaging, Terms: strings.Fields(`包装 盒子 外包装 纸箱 简陋 压坏 挤压 封口 packaging packaged box wrapped wrapping bag envelope crushed`)},
		{Name: AspectService, Terms: strings.Fields(`客服 服务 态度 售后 回复 商家 卖家 店家 前台 服务员 service staff seller support representative rep responded response rude helpful customer service`)},
		{Name: AspectReturns, Terms: strings.Fields(`退货 退款 换货 退换 退回 返还 赔偿 return returned returning returns refund refunded exchange exchanged send back sent back`)},
	}
}

// Mention is one sentence in which an aspect was found.
type Mention struct {
	Aspect    string    `json:"aspect"`
	Term      string    `json:"term"`     // the term that triggered it
	Sentence  string    `json:"sentence"` // the evidence, as written
	Sentiment Sentiment `json:"sentiment"`
}

// Scorer reads the sentiment of a text.
type Scorer interface {
	Score(text string) Sentiment
}

// matcher finds a lexicon's terms in sentences.
type matcher struct {
	aspects []string
	han     [][]string       // per aspect: Chinese terms, matched as substrings
	words   []map[string]int // per aspect: single-word terms
	phrases [][]string       // per aspect: multi-word non-Chinese terms
}

func newMatcher(lex Lexicon) *matcher {
	m := &matcher{}
	for _, a := range lex {
		m.aspects = append(m.aspects, a.Name)
		var han, phrases []string
		words := map[string]int{}
		for _, t := range append(append([]string(nil), a.Terms...), a.Expanded...) {
			t = Normalize(t)
			switch {
			case t == "":
			case HasHan(t):
				han = append(han, t)
			case strings.Contains(t, " "):
				phrases = append(phrases, " "+t+" ")
			default:
				words[t] = 1
			}
		}
		m.han = append(m.han, han)
		m.words = append(m.words, words)
		m.phrases = append(m.phrases, phrases)
	}
	return m
}

// find returns, per aspect index, the first term found in the sentence.
func (m *matcher) find(sentence string) map[int]string {
	norm := Normalize(sentence)
	var words []string
	var padded string
	found := map[int]string{}
	for a := range m.aspects {
		for _, t := range m.han[a] {
			if strings.Contains(norm, t) {
				found[a] = t
				break
			}
		}
		if _, ok := found[a]; ok || (len(m.words[a]) == 0 && len(m.phrases[a]) == 0) {
			continue
		}
		if words == nil {
			words = Words(norm)
			padded = " " + strings.Join(words, " ") + " "
		}
		for _, w := range words {
			if m.words[a][w] > 0 {
				found[a] = w
				break
			}
		}
		if _, ok := found[a]; ok {
			continue
		}
		for _, p := range m.phrases[a] {
			if strings.Contains(padded, p) {
				found[a] = strings.TrimSpace(p)
				break
			}
		}
	}
	return found
}

// Aspects finds the lexicon's aspects sentence by sentence, keeping each
// triggering sentence as evidence with its own sentiment (scored by s; nil
// skips sentiment). A sentence can mention several aspects.
func Aspects(text string, lex Lexicon, s Scorer) []Mention {
	m := newMatcher(lex)
	return m.mentions(text, s)
}

func (m *matcher) mentions(text string, s Scorer) []Mention {
	var out []Mention
	for _, sent := range Sentences(text) {
		found := m.find(sent)
		if len(found) == 0 {
			continue
		}
		var sen Sentiment
		if s != nil {
			sen = s.Score(sent)
		}
		for a := range m.aspects {
			if t, ok := found[a]; ok {
				out = append(out, Mention{Aspect: m.aspects[a], Term: t, Sentence: sent, Sentiment: sen})
			}
		}
	}
	return out
}

// Detector finds aspects in many texts with one prepared lexicon.
type Detector struct{ m *matcher }

// NewDetector prepares a lexicon for repeated use.
func NewDetector(lex Lexicon) *Detector { return &Detector{m: newMatcher(lex)} }

// Mentions finds the aspects of one text, as Aspects does.
func (d *Detector) Mentions(text string, s Scorer) []Mention { return d.m.mentions(text, s) }
