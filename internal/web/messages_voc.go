package web

// Strings of survey targeting, the voice-of-customer word lists, the RFM
// breakdown and the pain-point columns, in both catalogues.
func init() {
	merge(messagesEN, map[string]string{
		"surveys.f.segments":      "Target segments (none = everyone)",
		"surveys.f.segments_note": "Only customers in one of the ticked segments when the invitation is due are invited; the others are skipped.",
		"surveys.target.everyone": "Target: every customer",
		"surveys.target.segments": "Target: members of %s",
		"insight.anchored":        "No feedback in the last 12 months: showing %s to %s, the year up to the latest feedback.",
		"dim.rfm":                 "By RFM tier",
		"pain.tiers":              "Affected customers by RFM tier",
	})
	merge(messagesZH, map[string]string{
		"surveys.f.segments":      "目标分群（不选 = 全部客户）",
		"surveys.f.segments_note": "只邀请邀请到期时属于所选分群之一的客户；其余客户跳过。",
		"surveys.target.everyone": "目标：全部客户",
		"surveys.target.segments": "目标：%s 的成员",
		"insight.anchored":        "最近 12 个月没有反馈：显示 %s 至 %s，即截至最新反馈的一年。",
		"dim.rfm":                 "按 RFM 分层",
		"pain.tiers":              "受影响客户（按 RFM 分层）",
	})
}
