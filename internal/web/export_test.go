package web

// The page's number formats, for tests that compare what a browser shows.
var (
	FormatInt     = formatInt
	FormatMoney   = formatMoney
	FormatPercent = formatPercent
)
