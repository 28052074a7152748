package insight

// The pain-point aspects Rapport reports on.
const (
	AspectDelivery    = "delivery"
	AspectQuality     = "quality"
	AspectSize        = "size_fit"
	AspectDescription = "not_as_described"
	AspectPrice       = "price_value"
	AspectPackaging   = "packaging"
	AspectService     = "customer_service"
	AspectReturns     = "returns_refunds"
	AspectOther       = "other"
)

// Sentiments of a text.
const (
	Positive = "positive"
	Neutral  = "neutral"
	Negative = "negative"
)

// Mention is one aspect a text talks about, with the sentence that says so.
type Mention struct {
	Aspect    string `json:"aspect"`
	Sentence  string `json:"sentence"`
	Sentiment string `json:"sentiment"` // of the sentence
}

// Reading is what text analysis finds in one text.
type Reading struct {
	Sentiment string    `json:"sentiment"`
	Score     float64   `json:"score"` // −1 (negative) … 1 (positive)
	Mentions  []Mention `json:"mentions"`
	Keywords  []string  `json:"keywords,omitempty"`
	Lang      string    `json:"lang,omitempty"` // zh or en
}

// Analyzer reads review, survey and service text in Chinese and English.
// The production analyzer is internal/textan; the analyses only need this.
type Analyzer interface {
	Analyze(text string) Reading
}
