package datasets

import "strings"

// Online Retail has no product categories. RetailCategory derives a coarse one
// from words of the product description, so category preferences and
// category reports have something to work with. The first rule (in the order
// below) any word of the description matches wins; descriptions matching no
// rule, and service lines (postage, fees, discounts, manual adjustments), get
// no category.
var retailCategoryRules = []struct {
	category string
	words    []string
}{
	{"Christmas", []string{"CHRISTMAS", "XMAS", "ADVENT", "SANTA", "REINDEER", "SNOWFLAKE"}},
	{"Lighting & candles", []string{"T-LIGHT", "LIGHT", "LIGHTS", "LANTERN", "CANDLE", "CANDLES", "LAMP", "NIGHTLIGHT"}},
	{"Bags", []string{"BAG", "BAGS", "SHOPPER", "TOTE"}},
	{"Kitchen & dining", []string{"MUG", "MUGS", "CUP", "CUPS", "PLATE", "PLATES", "BOWL", "BOWLS", "TEAPOT", "CAKE", "CAKESTAND", "LUNCH", "BAKING", "JAR", "JAM", "CUTLERY", "SPOON", "NAPKINS", "TRAY", "PANTRY", "BOTTLE", "EGG", "TEA", "COFFEE", "APRON", "TUMBLER", "GLASS"}},
	{"Stationery & gift wrap", []string{"CARD", "CARDS", "WRAP", "PAPER", "NOTEBOOK", "PENCILS", "PENCIL", "STICKER", "STICKERS", "RIBBONS", "RIBBON", "TAPE", "ENVELOPE", "CHALK", "BUNTING", "PARTY"}},
	{"Toys & games", []string{"TOY", "TOYS", "GAME", "GAMES", "DOLL", "DOLLY", "JIGSAW", "SPACEBOY", "PLAYHOUSE", "SKITTLES", "DOMINOES", "FELTCRAFT"}},
	{"Garden", []string{"GARDEN", "PLANT", "PLANTER", "WATERING", "BIRDHOUSE", "FEEDER", "ZINC", "POT"}},
	{"Accessories", []string{"NECKLACE", "BRACELET", "EARRINGS", "PURSE", "HAIR", "UMBRELLA", "SCARF", "BROOCH", "HANDBAG", "WALLET"}},
	{"Home decor", []string{"SIGN", "FRAME", "CLOCK", "DOORMAT", "CUSHION", "HEART", "HEARTS", "DECORATION", "HANGER", "HOOK", "MIRROR", "VASE", "WREATH", "GARLAND", "ORNAMENT", "WALL", "DOORSTOP", "CHIME", "KNOB", "BLANKET", "WARMER"}},
	{"Storage", []string{"BOX", "BOXES", "TIN", "TINS", "BASKET", "HOLDER", "CASE", "CASES", "DRAWER", "CABINET", "STORAGE", "CRATE", "TRINKET"}},
}

// retailServiceCodes are stock codes of invoice lines that are not products.
var retailServiceCodes = map[string]bool{
	"POST": true, "DOT": true, "M": true, "m": true, "C2": true, "D": true, "S": true,
	"BANK CHARGES": true, "AMAZONFEE": true, "CRUK": true, "PADS": true, "B": true,
}

var retailCategoryIndex = func() map[string]int {
	idx := make(map[string]int)
	for i, r := range retailCategoryRules {
		for _, w := range r.words {
			idx[w] = i
		}
	}
	return idx
}()

// RetailCategory returns the derived category of an Online Retail line, "" for none.
func RetailCategory(stockCode, description string) string {
	if retailServiceCodes[stockCode] {
		return ""
	}
	best := len(retailCategoryRules)
	for w := range strings.FieldsSeq(strings.ToUpper(description)) {
		if i, ok := retailCategoryIndex[w]; ok && i < best {
			best = i
		}
	}
	if best == len(retailCategoryRules) {
		return ""
	}
	return retailCategoryRules[best].category
}
