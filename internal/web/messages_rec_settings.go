package web

// The recommendation settings form's strings, added to both catalogues.
func init() {
	merge(messagesEN, map[string]string{
		"rec.settings":              "Settings",
		"rec.settings.saved":        "Settings saved. Every node applies them within a poll interval.",
		"rec.settings.weights":      "Weight of each interaction",
		"rec.settings.serving":      "Serving and training",
		"rec.settings.repeat":       "Categories that may be recommended again after purchase (comma-separated)",
		"rec.settings.per_category": "At most this many items of one category per list",
		"rec.settings.max_ease":     "Try EASE up to this many items (0: never)",
		"rec.settings.retrain":      "Retrain every (hours)",
		"rec.settings.save":         "Save settings",
		"rec.settings.admin_only":   "Only administrators can change these settings.",
		"rec.kind.view":             "View",
		"rec.kind.search":           "Search",
		"rec.kind.wishlist":         "Wishlist",
		"rec.kind.cart":             "Add to cart",
		"rec.kind.purchase":         "Purchase",
		"rec.kind.return":           "Return",
		"rec.kind.low_rating":       "Low rating",
		"rec.kind.not_interested":   "Not interested",
	})
	merge(messagesZH, map[string]string{
		"rec.settings":              "推荐设置",
		"rec.settings.saved":        "设置已保存，各节点将在下一次轮询时生效。",
		"rec.settings.weights":      "各类行为的权重",
		"rec.settings.serving":      "推荐与训练",
		"rec.settings.repeat":       "购买后仍可再次推荐的品类（以逗号分隔）",
		"rec.settings.per_category": "每个列表中同一品类最多的商品数",
		"rec.settings.max_ease":     "商品数不超过此值时尝试 EASE（0 表示不使用）",
		"rec.settings.retrain":      "重新训练间隔（小时）",
		"rec.settings.save":         "保存设置",
		"rec.settings.admin_only":   "只有管理员可以修改这些设置。",
		"rec.kind.view":             "浏览",
		"rec.kind.search":           "搜索",
		"rec.kind.wishlist":         "收藏",
		"rec.kind.cart":             "加入购物车",
		"rec.kind.purchase":         "购买",
		"rec.kind.return":           "退货",
		"rec.kind.low_rating":       "差评",
		"rec.kind.not_interested":   "不感兴趣",
	})
}
