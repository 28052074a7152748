package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Product is one item of the demo catalogue.
type Product struct {
	ID       string
	Name     string // Chinese name, then English
	Category string // Chinese name, then English
	Brand    string
	Price    float64 // CNY
	Quality  float64 // 0.6–1: how often buyers are happy with it
	Premium  bool    // priced 1,000 CNY or more
}

// itemType is a kind of product within a category, with its usual price range in CNY.
type itemType struct {
	zh, en   string
	min, max float64
}

type category struct {
	name   string
	brands []string
	items  []itemType
	search []string // typical queries, Chinese and English
}

// ProductsPerCategory is how many products each category of the demo holds.
const ProductsPerCategory = 25

var categories = []category{
	{"女装 Womenswear", []string{"ONLY", "Vero Moda", "太平鸟 PEACEBIRD"}, []itemType{
		{"连衣裙", "Dress", 199, 899}, {"衬衫", "Blouse", 129, 459}, {"半身裙", "Skirt", 99, 399}, {"针织开衫", "Cardigan", 159, 599}, {"羊绒大衣", "Cashmere Coat", 899, 2999}},
		[]string{"连衣裙", "dress", "碎花裙", "大衣 女", "cashmere coat", "针织衫"}},
	{"男装 Menswear", []string{"海澜之家 HLA", "Jack & Jones", "七匹狼 SEPTWOLVES"}, []itemType{
		{"T恤", "T-shirt", 59, 199}, {"衬衫", "Shirt", 129, 399}, {"夹克", "Jacket", 299, 999}, {"西装", "Suit", 999, 3299}, {"卫衣", "Hoodie", 149, 399}},
		[]string{"男士T恤", "t-shirt men", "西装", "suit", "夹克", "卫衣"}},
	{"运动鞋 Sneakers", []string{"李宁 Li-Ning", "安踏 ANTA", "Nike"}, []itemType{
		{"运动鞋", "Sneakers", 299, 899}, {"跑步鞋", "Running Shoes", 399, 1299}, {"篮球鞋", "Basketball Shoes", 499, 1599}, {"板鞋", "Skate Shoes", 199, 599}, {"徒步鞋", "Hiking Shoes", 399, 1199}},
		[]string{"运动鞋", "sneakers", "跑步鞋", "running shoes", "篮球鞋", "李宁"}},
	{"箱包 Bags", []string{"小CK Charles & Keith", "新秀丽 Samsonite", "Coach"}, []itemType{
		{"手提包", "Handbag", 299, 2499}, {"双肩包", "Backpack", 159, 699}, {"钱包", "Wallet", 99, 899}, {"行李箱", "Suitcase", 399, 2299}, {"斜挎包", "Crossbody Bag", 199, 999}},
		[]string{"包包", "handbag", "行李箱", "suitcase", "双肩包", "backpack"}},
	{"美妆 Makeup", []string{"完美日记 Perfect Diary", "花西子 Florasis", "YSL"}, []itemType{
		{"口红", "Lipstick", 69, 399}, {"粉底液", "Foundation", 99, 599}, {"眼影盘", "Eyeshadow Palette", 89, 699}, {"香水", "Perfume", 299, 1499}, {"定妆喷雾", "Setting Spray", 59, 299}},
		[]string{"口红", "lipstick", "香水", "perfume", "粉底液", "眼影"}},
	{"护肤 Skincare", []string{"珀莱雅 PROYA", "薇诺娜 Winona", "Estée Lauder"}, []itemType{
		{"面霜", "Face Cream", 129, 1299}, {"精华液", "Serum", 199, 1599}, {"面膜", "Face Mask", 49, 199}, {"防晒霜", "Sunscreen", 79, 299}, {"洁面乳", "Cleanser", 49, 199}},
		[]string{"面霜", "serum", "防晒", "sunscreen", "精华", "面膜"}},
	{"数码 Electronics", []string{"华为 HUAWEI", "小米 Xiaomi", "Apple"}, []itemType{
		{"蓝牙耳机", "Bluetooth Earbuds", 149, 1499}, {"智能手表", "Smartwatch", 499, 2999}, {"充电宝", "Power Bank", 79, 299}, {"平板电脑", "Tablet", 1499, 4999}, {"机械键盘", "Mechanical Keyboard", 199, 899}},
		[]string{"蓝牙耳机 降噪", "earbuds", "智能手表", "smartwatch", "平板", "tablet"}},
	{"家居 Home", []string{"网易严选 Yanxuan", "无印良品 MUJI", "宜家 IKEA"}, []itemType{
		{"床品四件套", "Bedding Set", 199, 1299}, {"抱枕", "Cushion", 39, 159}, {"香薰机", "Aroma Diffuser", 99, 499}, {"收纳盒", "Storage Box", 29, 129}, {"乳胶枕", "Latex Pillow", 149, 599}},
		[]string{"四件套", "bedding", "收纳", "storage box", "香薰", "枕头"}},
	{"厨具 Kitchen", []string{"苏泊尔 SUPOR", "美的 Midea", "德龙 De'Longhi"}, []itemType{
		{"不粘锅", "Non-stick Pan", 99, 499}, {"电饭煲", "Rice Cooker", 199, 1299}, {"咖啡机", "Coffee Machine", 899, 4999}, {"保温杯", "Thermos", 69, 299}, {"空气炸锅", "Air Fryer", 249, 899}},
		[]string{"空气炸锅", "air fryer", "咖啡机", "coffee machine", "电饭煲", "保温杯"}},
	{"母婴 Baby", []string{"好孩子 goodbaby", "贝亲 Pigeon", "Babycare"}, []itemType{
		{"纸尿裤", "Diapers", 89, 259}, {"婴儿推车", "Stroller", 699, 3999}, {"奶瓶", "Baby Bottle", 59, 199}, {"儿童玩具", "Kids' Toy", 49, 399}, {"安全座椅", "Car Seat", 899, 2999}},
		[]string{"纸尿裤", "diapers", "婴儿推车", "stroller", "奶瓶", "玩具"}},
	{"运动户外 Sports & Outdoors", []string{"迪卡侬 Decathlon", "凯乐石 KAILAS", "Lululemon"}, []itemType{
		{"瑜伽垫", "Yoga Mat", 59, 399}, {"帐篷", "Tent", 299, 2499}, {"登山包", "Hiking Backpack", 199, 1299}, {"运动套装", "Sportswear Set", 199, 899}, {"冲锋衣", "Shell Jacket", 399, 2599}},
		[]string{"瑜伽垫", "yoga mat", "帐篷", "tent", "冲锋衣", "露营"}},
	{"食品 Food", []string{"三只松鼠 Three Squirrels", "良品铺子 BESTORE", "瑞幸 luckin"}, []itemType{
		{"坚果礼盒", "Nut Gift Box", 69, 299}, {"茶叶", "Tea", 99, 899}, {"咖啡豆", "Coffee Beans", 59, 299}, {"零食大礼包", "Snack Pack", 49, 199}, {"月饼礼盒", "Mooncake Gift Box", 99, 599}},
		[]string{"坚果", "snacks", "茶叶", "tea", "咖啡豆", "coffee beans"}},
}

// style modifies a product's name and price.
type style struct {
	zh, en string
	factor float64
}

var styles = []style{
	{"经典", "Classic", 1}, {"简约", "Minimalist", 0.9}, {"时尚", "Trendy", 1}, {"复古", "Vintage", 1.1},
	{"基础款", "Basic", 0.7}, {"轻奢", "Luxe", 1.6}, {"限量版", "Limited Edition", 2}, {"高端", "Signature", 1.8},
}

// Catalogue builds the demo's 300 products, 25 in each of 12 categories,
// deterministically from the seed.
func Catalogue(seed int64) []Product {
	r := rand.New(rand.NewPCG(uint64(seed), 0xca7a1065))
	out := make([]Product, 0, len(categories)*ProductsPerCategory)
	for ci, c := range categories {
		combos := r.Perm(len(c.items) * len(styles))[:ProductsPerCategory]
		for k, combo := range combos {
			it, st := c.items[combo%len(c.items)], styles[combo/len(c.items)]
			price := retailPrice((it.min + r.Float64()*(it.max-it.min)) * st.factor)
			out = append(out, Product{
				ID:       fmt.Sprintf("P%02d%02d", ci+1, k+1),
				Name:     st.zh + it.zh + " " + st.en + " " + it.en,
				Category: c.name,
				Brand:    c.brands[r.IntN(len(c.brands))],
				Price:    price,
				Quality:  0.6 + 0.4*math.Sqrt(r.Float64()),
				Premium:  price >= 1000,
			})
		}
	}
	return out
}

// retailPrice rounds a price the way shops do: 59, 199, 1299.
func retailPrice(p float64) float64 {
	switch {
	case p < 100:
		return math.Max(9, math.Round(p/10)*10-1)
	case p < 1000:
		return math.Round(p/50)*50 - 1
	default:
		return math.Round(p/100)*100 - 1
	}
}
