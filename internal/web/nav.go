package web

// section is one entry of the console's navigation.
type section struct {
	Key   string // catalogue key suffix: "nav."+Key, "later."+Key
	Path  string
	Built bool // false while the section shows the "later release" page
}

// sections are the capabilities of the product, in navigation order.
var sections = []section{
	{"overview", "/", true},
	{"customers", "/customers", true},
	{"segments", "/segments", true},
	{"recommendations", "/recommendations", true},
	{"service", "/service", true},
	{"surveys", "/surveys", true},
	{"insights", "/insights", true},
	{"actions", "/actions", true},
	{"experiments", "/experiments", false},
	{"settings", "/settings", true},
}
