package web

// The lifecycle settings page's strings, added to both catalogues.
func init() {
	merge(messagesEN, map[string]string{
		"segments.settings.title":               "Lifecycle settings",
		"segments.settings.link":                "Lifecycle settings",
		"segments.settings.intro":               "The numbers behind the six lifecycle segments. Saving rewrites their rules from these settings (a hand edit of a lifecycle rule is replaced) and re-evaluates every customer at once.",
		"segments.settings.legend":              "Lifecycle rules",
		"segments.settings.window_days":         "High value: window (days)",
		"segments.settings.purchases_per_month": "High value: purchases per month",
		"segments.settings.aov_threshold":       "High value: average order value at least",
		"segments.settings.churn_days":          "Churn risk: days without an order",
		"segments.settings.rating_rule":         "Churn risk: which rating",
		"segments.settings.rating_max":          "Churn risk: rating at most",
		"segments.settings.problem_days":        "Problem: a ticket within (days)",
		"segments.settings.new_days":            "New: registered fewer days ago than",
		"segments.settings.potential_days":      "Potential: registered fewer days ago than",
		"segments.settings.rating.last":         "the last review",
		"segments.settings.rating.average":      "the average of all reviews",
		"segments.settings.rating.any":          "any review in the last year",
		"segments.settings.save":                "Save and re-evaluate",
		"segments.settings.saved":               "Saved. The lifecycle segments were re-evaluated.",
	})
	merge(messagesZH, map[string]string{
		"segments.settings.title":               "生命周期设置",
		"segments.settings.link":                "生命周期设置",
		"segments.settings.intro":               "六个生命周期分群背后的参数。保存后按这些设置重写它们的规则（手工修改过的生命周期规则会被替换），并立即重新评估所有客户。",
		"segments.settings.legend":              "生命周期规则",
		"segments.settings.window_days":         "高价值：统计窗口（天）",
		"segments.settings.purchases_per_month": "高价值：每月购买次数",
		"segments.settings.aov_threshold":       "高价值：客单价不低于",
		"segments.settings.churn_days":          "流失风险：未下单天数",
		"segments.settings.rating_rule":         "流失风险：采用哪个评分",
		"segments.settings.rating_max":          "流失风险：评分不高于",
		"segments.settings.problem_days":        "问题用户：工单天数内",
		"segments.settings.new_days":            "新增用户：注册天数少于",
		"segments.settings.potential_days":      "潜力用户：注册天数少于",
		"segments.settings.rating.last":         "最近一次评价",
		"segments.settings.rating.average":      "全部评价的平均分",
		"segments.settings.rating.any":          "近一年内任一评价",
		"segments.settings.save":                "保存并重新评估",
		"segments.settings.saved":               "已保存，生命周期分群已重新评估。",
	})
}
