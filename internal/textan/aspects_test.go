package textan

import (
	"slices"
	"testing"
)

// Real review sentences from online_shopping_10_cats and the Women's
// Clothing reviews, with the aspects a person reads in them.
func TestAspectsOnHandCheckedSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"物流很快，店家好，商品物美价廉", []string{AspectDelivery, AspectService}}, // 店家好: praise of the seller
		{"包装完好，没有烂果，就是比较小粒，卖相不好。", []string{AspectPackaging}},
		{"对于这次买的裤子非常满意，给男朋友买的，没想到尺码都挺好的，挺合身，上身效果也不错", []string{AspectFit}},
		{"摄像头无法对焦，屏幕有黑线；客服说产品质量没有问题，退货要收运费", []string{AspectQuality, AspectService, AspectReturns}},
		{"大多书的纸质很差，很轻，像盗版，希望管理员能标明纸的质量，如果下次再发现这个问题退货。", []string{AspectQuality, AspectReturns}},
		{"The fabric of this top is a tee shirt, mid weight material.", []string{AspectQuality}},
		{"i purchased size large and it's a bit wide and long for my frame.", []string{AspectFit}},
		{"sometimes the online photos don't do the piece justice", []string{AspectMismatch}},
		{"Beautiful colors, especially the pink.", nil},
	}
	lex := DefaultLexicon()
	for _, tt := range tests {
		var got []string
		for _, m := range Aspects(tt.text, lex, nil) {
			if !slices.Contains(got, m.Aspect) {
				got = append(got, m.Aspect)
			}
		}
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Aspects(%q) = %v, want %v", tt.text, got, want)
		}
	}
}

func TestAspectsKeepEvidenceAndSentiment(t *testing.T) {
	text := "衣服很好看，很喜欢。但是物流太慢了，等了一个星期！"
	ms := Aspects(text, DefaultLexicon(), NewBaseline())
	if len(ms) != 1 {
		t.Fatalf("mentions = %+v, want one", ms)
	}
	m := ms[0]
	if m.Aspect != AspectDelivery || m.Sentence != "但是物流太慢了，等了一个星期！" || m.Term != "物流" {
		t.Errorf("mention = %+v", m)
	}
	if m.Sentiment.Polarity != Negative {
		t.Errorf("sentence sentiment = %+v, want negative", m.Sentiment)
	}
}

func TestShopDefinedAspect(t *testing.T) {
	lex := append(DefaultLexicon(), Aspect{Name: "battery", Terms: []string{"电池", "续航", "battery life"}})
	ms := Aspects("续航太短了. The battery life is poor.", lex, nil)
	if len(ms) != 2 || ms[0].Aspect != "battery" || ms[1].Term != "battery life" {
		t.Errorf("mentions = %+v", ms)
	}
}

func TestExpandLexiconFindsCompanions(t *testing.T) {
	var texts []string
	for _, d := range subsample(shoppingData(t), 8000) {
		texts = append(texts, d.Text)
	}
	sugg := ExpandLexicon(texts, DefaultLexicon(), 15, 5)
	terms := func(a string) []string {
		var out []string
		for _, s := range sugg[a] {
			out = append(out, s.Term)
		}
		return out
	}
	t.Logf("delivery: %v", terms(AspectDelivery))
	t.Logf("service: %v", terms(AspectService))
	// words a person expects next to delivery words in shop reviews
	if !slices.ContainsFunc(terms(AspectDelivery), func(w string) bool {
		return slices.Contains([]string{"快递员", "送货上门", "速度快", "很快", "及时", "第二天", "神速", "送货"}, w)
	}) {
		t.Errorf("delivery expansion %v has no delivery word", terms(AspectDelivery))
	}
	for a, ss := range sugg {
		for _, s := range ss {
			if s.PMI <= 1 || s.Count < 5 {
				t.Errorf("%s: suggestion %+v below thresholds", a, s)
			}
		}
	}
}

func TestKeywordsPickTheAspectWords(t *testing.T) {
	all := []string{"物流很快", "物流太慢了", "快递员态度很差", "质量很好", "颜色好看", "物流慢，等了五天", "客服回复及时"}
	var sel []string
	for _, s := range all {
		if len(Aspects(s, DefaultLexicon(), nil)) > 0 && slices.Contains(Words(s), "物流") {
			sel = append(sel, s)
		}
	}
	kw := Keywords(sel, all, 3)
	if len(kw) == 0 || kw[0].Term != "物流" || kw[0].Count != 3 {
		t.Errorf("keywords = %+v, want 物流 first with count 3", kw)
	}
}
