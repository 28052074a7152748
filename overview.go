package rapport

import "time"

// Overview holds the shop-wide KPIs of the console's Overview page. Each field's
// definition is in Definitions and in docs/metrics.md.
type Overview struct {
	AsOf              time.Time      `json:"as_of"`
	Customers         int            `json:"customers"`
	ActiveCustomers   int            `json:"active_customers_30d"`
	Orders            int            `json:"orders"`
	Revenue           float64        `json:"revenue"`
	AverageOrderValue float64        `json:"average_order_value"`
	RepurchaseRate    float64        `json:"repurchase_rate"`
	Buyers            int            `json:"buyers"`        // customers with ≥ 1 order
	RepeatBuyers      int            `json:"repeat_buyers"` // customers with ≥ 2 orders
	Months            []MonthFigures `json:"months"`        // oldest first, the last 12 months with data
}

// MonthFigures are one calendar month (UTC) of the overview trends.
type MonthFigures struct {
	Month        string  `json:"month"` // YYYY-MM
	Orders       int     `json:"orders"`
	Revenue      float64 `json:"revenue"`
	NewCustomers int     `json:"new_customers"` // customers first seen in the month
	Buyers       int     `json:"buyers"`        // distinct customers who ordered in the month
}

// Definitions explains each overview figure in words, for the console and the API.
var Definitions = map[string]string{
	"customers":            "Known customers: profiles with a user id (anonymous-only visitors are not counted).",
	"active_customers_30d": "Known customers with at least one event in the 30 days before the as-of time.",
	"orders":               "Orders completed (Order Completed), excluding cancelled orders.",
	"revenue":              "Sum of the totals of those orders, less amounts refunded.",
	"average_order_value":  "Revenue divided by orders.",
	"repurchase_rate":      "Share of customers with at least one order who have two or more.",
}
