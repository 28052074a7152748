package predict

// Methods says in one sentence how each predicted tag is made; the API and
// the console show it beside the tag with the run's quality figure.
var Methods = map[string]string{
	"churn_probability": "Logistic regression on recency, frequency, average order value, tenure, " +
		"orders and active days in the last 90 days, trained on this shop's customers as they were 90 days " +
		"before the run, labelled by whether they bought in the 90 days after; quality: AUC on 30% of customers held out.",
	"expected_purchases_90d": "BG/NBD model (Fader, Hardie & Lee 2005) fitted by maximum likelihood on every " +
		"customer's repeat purchase days; quality: backtest fitted 90 days before the run, mean absolute error " +
		"and correlation of predicted and actual purchases, beside the naive same-rate forecast.",
	"expected_value_90d": "Expected purchases times the Gamma-Gamma model's expected spend per purchase day.",
	"probability_alive":  "BG/NBD probability that the customer has not dropped out.",
	"next_category": "Own category shares plus the shop's category-to-category transitions from the last " +
		"order; quality: hit rate on each customer's first order after a cutoff 90 days before the run.",
	"rfm": "Recency, frequency and monetary scores 1–5 by the share of customers each beats; segment from " +
		"R and the mean of F and M (docs/predict.md).",
	"cluster": "k-means (k-means++ starts, k by silhouette) over standardised recency, orders, revenue, " +
		"category breadth and channel shares.",
}
