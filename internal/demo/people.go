package demo

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// province is a region of China with some of its cities and a weight for how
// many demo customers live there.
type province struct {
	name   string
	cities []string
	weight int
}

var provinces = []province{
	{"广东", []string{"广州", "深圳", "东莞", "佛山"}, 14}, {"浙江", []string{"杭州", "宁波", "温州"}, 10},
	{"江苏", []string{"南京", "苏州", "无锡"}, 10}, {"上海", []string{"上海"}, 8}, {"北京", []string{"北京"}, 7},
	{"山东", []string{"济南", "青岛", "烟台"}, 7}, {"四川", []string{"成都", "绵阳"}, 6}, {"湖北", []string{"武汉", "宜昌"}, 5},
	{"福建", []string{"福州", "厦门", "泉州"}, 5}, {"河南", []string{"郑州", "洛阳"}, 5}, {"湖南", []string{"长沙", "株洲"}, 4},
	{"陕西", []string{"西安"}, 3}, {"重庆", []string{"重庆"}, 3}, {"天津", []string{"天津"}, 3}, {"辽宁", []string{"沈阳", "大连"}, 3},
	{"安徽", []string{"合肥", "芜湖"}, 3}, {"云南", []string{"昆明", "大理"}, 2}, {"黑龙江", []string{"哈尔滨"}, 2},
}

var (
	surnames    = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
	givenChars  = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯")
	occupations = []string{"企业职员", "IT工程师", "教师", "医护人员", "公务员", "个体经营", "自由职业", "学生", "销售", "设计师", "退休"}
	incomeBands = []string{"<5k", "5k-10k", "10k-20k", "20k-50k", "50k+"} // monthly, CNY
	households  = []string{"single", "couple", "family_with_kids", "with_parents"}
)

// person is the identity and basic traits of one demo customer.
type person struct {
	name, phone, email string
	gender             string
	birthday           time.Time
	province, city     string
	occupation         string
	income             int // index into incomeBands
	household          string
}

// newPerson draws a person; wealthy people get the higher income bands.
func newPerson(r *rand.Rand, idx int, now time.Time, wealthy bool) person {
	p := person{gender: "female"}
	if r.Float64() < 0.42 {
		p.gender = "male"
	}
	p.name = string(surnames[r.IntN(len(surnames))]) + string(givenChars[r.IntN(len(givenChars))])
	if r.IntN(3) > 0 {
		p.name += string(givenChars[r.IntN(len(givenChars))])
	}
	p.phone = fmt.Sprintf("1%d%d%08d", 3+r.IntN(7), r.IntN(10), r.IntN(100000000))
	if r.Float64() < 0.45 {
		p.email = fmt.Sprintf("customer%05d@example.com", idx)
	}
	age := 18 + int(r.ExpFloat64()*11) + r.IntN(8)
	if age > 70 {
		age = 18 + r.IntN(40)
	}
	p.birthday = now.AddDate(-age, 0, -r.IntN(365)).Truncate(24 * time.Hour)
	pr := pickProvince(r)
	p.province, p.city = pr.name, pr.cities[r.IntN(len(pr.cities))]
	p.occupation = occupations[r.IntN(len(occupations))]
	if age < 23 && r.Float64() < 0.7 {
		p.occupation = "学生"
	}
	p.income = r.IntN(4)
	if wealthy {
		p.income = 3 + r.IntN(2)
	}
	p.household = households[r.IntN(len(households))]
	return p
}

func pickProvince(r *rand.Rand) province {
	total := 0
	for _, p := range provinces {
		total += p.weight
	}
	n := r.IntN(total)
	for _, p := range provinces {
		if n < p.weight {
			return p
		}
		n -= p.weight
	}
	return provinces[0]
}

// traits are the identify traits of a registration.
func (p person) traits(registered time.Time, ch string, referredBy string) map[string]any {
	t := map[string]any{
		"name":         p.name,
		"phone":        p.phone,
		"gender":       p.gender,
		"birthday":     p.birthday.Format(time.DateOnly),
		"province":     p.province,
		"city":         p.city,
		"occupation":   p.occupation,
		"income_band":  incomeBands[p.income],
		"household":    p.household,
		"created_at":   registered.Format(time.RFC3339),
		"channel":      ch,
		"member_level": "regular",
	}
	if p.email != "" {
		t["email"] = p.email
	}
	if referredBy != "" {
		t["referred_by"] = referredBy
	}
	return t
}
