package profile

import (
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// applyTraits fills the basic tag layer from identify traits. It accepts the
// Segment reserved traits (email, phone, name, firstName, lastName, age,
// birthday, gender, address{city,state,country}, createdAt) and Rapport's own
// (region, city, occupation, income_band, household, registered_at, channel);
// docs/events.md lists them. All traits are also kept as they came.
func applyTraits(c *rapport.Customer, traits map[string]any, at time.Time) {
	if len(traits) == 0 {
		return
	}
	if c.Traits == nil {
		c.Traits = map[string]any{}
	}
	for k, v := range traits {
		c.Traits[k] = v
	}
	setIf(&c.Email, strings.ToLower(firstStr(traits, "email")))
	setIf(&c.Phone, firstStr(traits, "phone", "mobile"))
	setIf(&c.Name, fullName(traits))
	b := &c.Basic
	setIf(&b.Gender, normaliseGender(firstStr(traits, "gender", "sex")))
	addr := object(traits["address"])
	setIf(&b.City, firstStr(traits, "city"))
	setIf(&b.City, firstStr(addr, "city"))
	setIf(&b.Region, firstStr(traits, "region", "province", "state", "country"))
	setIf(&b.Region, firstStr(addr, "state", "region", "country"))
	setIf(&b.Occupation, firstStr(traits, "occupation", "job", "title"))
	setIf(&b.IncomeBand, firstStr(traits, "income_band", "incomeBand", "income"))
	setIf(&b.Household, firstStr(traits, "household", "household_type", "household_size"))
	if ch := firstStr(traits, "channel", "registration_channel"); ch != "" {
		b.Channel = rapport.Channel(ch)
	}
	if t := firstTime(traits, "registered_at", "createdAt", "created_at"); !t.IsZero() {
		b.RegisteredAt = t
	}
	applyAge(b, traits, at)
}

// applyAge sets birthday, age and age band; a birthday wins over a stated age
// and the age is computed at the time of the event.
func applyAge(b *rapport.Basic, traits map[string]any, at time.Time) {
	if bd := firstTime(traits, "birthday", "birthdate", "date_of_birth"); !bd.IsZero() {
		b.Birthday = bd.Format("2006-01-02")
		b.Age = yearsBetween(bd, at)
	} else if age, ok := firstNum(traits, "age"); ok && age > 0 && age < 130 {
		b.Age = int(age)
	}
	if b.Age > 0 {
		b.AgeBand = AgeBand(b.Age)
	}
}

// AgeBand names the band an age falls in: under 18, 18-24, 25-34, 35-44,
// 45-54, 55-64, 65+.
func AgeBand(age int) string {
	switch {
	case age < 18:
		return "<18"
	case age < 25:
		return "18-24"
	case age < 35:
		return "25-34"
	case age < 45:
		return "35-44"
	case age < 55:
		return "45-54"
	case age < 65:
		return "55-64"
	}
	return "65+"
}

func yearsBetween(from, to time.Time) int {
	years := to.Year() - from.Year()
	if to.YearDay() < from.YearDay() {
		years--
	}
	return years
}

func fullName(traits map[string]any) string {
	if n := firstStr(traits, "name"); n != "" {
		return n
	}
	return strings.TrimSpace(firstStr(traits, "firstName", "first_name") + " " + firstStr(traits, "lastName", "last_name"))
}

func normaliseGender(g string) string {
	switch strings.ToLower(g) {
	case "":
		return ""
	case "f", "female", "woman", "女", "女性":
		return "female"
	case "m", "male", "man", "男", "男性":
		return "male"
	}
	return "other"
}

func setIf(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}
