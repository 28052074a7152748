package web

// Strings of the case view's customer 360 and the SLA report's charts, in
// both catalogues.
func init() {
	merge(messagesEN, map[string]string{
		"service.segments":       "Segments",
		"service.since":          "since %s",
		"service.survey_answers": "Survey answers",
		"service.survey_answer":  "%s score %d",
		"service.review_of":      "%s rated %s of 5",
		"service.no_feedback":    "No segments, survey answers or reviews yet.",
		"service.chart_hours":    "Median time",
	})
	merge(messagesZH, map[string]string{
		"service.segments":       "所属分群",
		"service.since":          "自 %s",
		"service.survey_answers": "问卷回答",
		"service.survey_answer":  "%s 评分 %d",
		"service.review_of":      "%s 评分 %s / 5",
		"service.no_feedback":    "暂无分群、问卷回答或评价。",
		"service.chart_hours":    "中位时长",
	})
}
