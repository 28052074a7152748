package web

// The behaviour tag layer on the Customer 360.
func init() {
	merge(messagesEN, map[string]string{
		"customer.behaviour_tags":     "Behaviour tags",
		"behaviour.categories":        "Preferred categories",
		"behaviour.price_band":        "Price band",
		"behaviour.preferred_channel": "Preferred channel",
		"behaviour.active_hours":      "Active hours",
		"behaviour.search_interests":  "Search interests",
		"behaviour.return_propensity": "Returns per order",
		"price_band.budget":           "Budget (under 100)",
		"price_band.mid":              "Mid (100–299)",
		"price_band.upper":            "Upper (300–999)",
		"price_band.premium":          "Premium (1,000+)",
	})
	merge(messagesZH, map[string]string{
		"customer.behaviour_tags":     "行为标签",
		"behaviour.categories":        "偏好品类",
		"behaviour.price_band":        "价格带",
		"behaviour.preferred_channel": "偏好渠道",
		"behaviour.active_hours":      "活跃时段",
		"behaviour.search_interests":  "搜索兴趣",
		"behaviour.return_propensity": "退货倾向（每单退货数）",
		"price_band.budget":           "低价（100 以下）",
		"price_band.mid":              "中等（100–299）",
		"price_band.upper":            "中高（300–999）",
		"price_band.premium":          "高端（1,000 以上）",
	})
}
