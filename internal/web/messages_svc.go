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
		"service.calendars":      "Calendars",
		"service.time_zone":      "Time zone",
		"service.weekday":        "Day",
		"service.working_hours":  "Working hours",
		"service.holidays":       "Holidays (one date per line)",
		"service.calendar_help":  "Hours as 09:00-12:00, 13:00-18:00; an empty day is closed; a calendar with no hours at all is open around the clock.",
		"service.day.mon":        "Monday",
		"service.day.tue":        "Tuesday",
		"service.day.wed":        "Wednesday",
		"service.day.thu":        "Thursday",
		"service.day.fri":        "Friday",
		"service.day.sat":        "Saturday",
		"service.day.sun":        "Sunday",
	})
	merge(messagesZH, map[string]string{
		"service.segments":       "所属分群",
		"service.since":          "自 %s",
		"service.survey_answers": "问卷回答",
		"service.survey_answer":  "%s 评分 %d",
		"service.review_of":      "%s 评分 %s / 5",
		"service.no_feedback":    "暂无分群、问卷回答或评价。",
		"service.chart_hours":    "中位时长",
		"service.calendars":      "工作日历",
		"service.time_zone":      "时区",
		"service.weekday":        "星期",
		"service.working_hours":  "工作时间",
		"service.holidays":       "节假日（每行一个日期）",
		"service.calendar_help":  "时间写作 09:00-12:00, 13:00-18:00；留空的一天不工作；完全没有工作时间的日历全天候开放。",
		"service.day.mon":        "星期一",
		"service.day.tue":        "星期二",
		"service.day.wed":        "星期三",
		"service.day.thu":        "星期四",
		"service.day.fri":        "星期五",
		"service.day.sat":        "星期六",
		"service.day.sun":        "星期日",
	})
}
