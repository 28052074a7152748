package web

// The settings pages' strings, added to both catalogues.
func init() {
	merge(messagesEN, map[string]string{
		"settings.keys.title":          "Write keys",
		"settings.keys.intro":          "Each event source (app, mini-program, website, importer) sends events to /v1 with its own write key as the basic-auth user. Revoking a key stops its source within 30 seconds.",
		"settings.keys.source":         "Source name",
		"settings.keys.create":         "Create write key",
		"settings.keys.created":        "New write key for %s:",
		"settings.keys.source_invalid": "The source name must be 1 to 100 characters.",
		"settings.keys.none":           "No write keys yet.",
		"settings.keys.col.id":         "ID",
		"settings.keys.col.source":     "Source",
		"settings.keys.col.key":        "Key",
		"settings.keys.col.created":    "Created",
		"settings.keys.col.status":     "Status",
		"settings.keys.active":         "active",
		"settings.keys.revoked":        "revoked %s",
		"settings.keys.revoke":         "Revoke",
		"error.admin_only":             "Only administrators can see this page.",
	})
	merge(messagesZH, map[string]string{
		"settings.keys.title":          "写入密钥",
		"settings.keys.intro":          "每个事件来源（App、小程序、官网、导入程序）使用自己的写入密钥作为 basic-auth 用户名向 /v1 发送事件。吊销密钥后，该来源将在 30 秒内停止写入。",
		"settings.keys.source":         "来源名称",
		"settings.keys.create":         "创建写入密钥",
		"settings.keys.created":        "%s 的新写入密钥：",
		"settings.keys.source_invalid": "来源名称须为 1 到 100 个字符。",
		"settings.keys.none":           "尚无写入密钥。",
		"settings.keys.col.id":         "ID",
		"settings.keys.col.source":     "来源",
		"settings.keys.col.key":        "密钥",
		"settings.keys.col.created":    "创建时间",
		"settings.keys.col.status":     "状态",
		"settings.keys.active":         "有效",
		"settings.keys.revoked":        "已于 %s 吊销",
		"settings.keys.revoke":         "吊销",
		"error.admin_only":             "只有管理员可以查看此页面。",
	})
}
