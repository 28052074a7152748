package textan

import (
	"math"
	"strings"
)

// The baseline lexicon: a shop with too few star-rated reviews of its own
// gets sentiment from these hand-picked words (Chinese and English),
// flipped by a negation in the two words before. It is small on purpose:
// shipped as source, editable, and free of any dataset's licence.
var (
	baselinePositive = strings.Fields(`
好 很好 不错 满意 喜欢 推荐 值得 划算 实惠 便宜 快 很快 及时 舒服 合适 漂亮 好看 精致 正品 质量好 结实
耐用 好用 方便 清晰 流畅 新鲜 好吃 香 干净 热情 耐心 周到 专业 完美 惊喜 棒 赞 优秀 满分 五星 好评 回购
超值 物美价廉 正宗 柔软 舒适 稳定 给力 靠谱 贴心 细心 感谢 谢谢 开心 高兴 值 性价比高
good great excellent love loved lovely perfect nice beautiful comfortable comfy soft flattering recommend
recommended happy glad amazing awesome fantastic wonderful fast quick best favorite favourite cute gorgeous
worth quality helpful friendly fits fit pleased satisfied elegant stunning durable easy fine`)
	baselineNegative = strings.Fields(`
差 很差 太差 不好 失望 垃圾 后悔 退货 退款 慢 太慢 贵 坏 破 破损 损坏 烂 假 假货 次品 难用 难看 难吃 臭
脏 旧 掉色 起球 开线 色差 偏大 偏小 不符 不值 投诉 骗 坑 差评 一星 恶心 糟糕 麻烦 问题 故障 卡 死机 漏
过期 变质 敷衍 态度差 不理 冷漠 生气 郁闷 无语 上当 别买 缺货 延迟 丢件
bad poor terrible awful horrible disappointed disappointing disappointment worst cheap cheaply broken damaged
return returned returning refund wrong ugly itchy scratchy thin unflattering waste late slow rude useless
defective fake smell smells tight small large huge boxy shapeless sheer ripped torn faded shrunk hate hated
unfortunately sadly`)
	baselineNegators = map[string]bool{"不": true, "没": true, "没有": true, "不是": true, "别": true, "无": true, "不太": true, "不够": true,
		"not": true, "no": true, "never": true, "don't": true, "didn't": true, "doesn't": true, "isn't": true, "wasn't": true,
		"aren't": true, "won't": true, "nothing": true, "hardly": true}
)

// Baseline scores sentiment from the built-in lexicon.
type Baseline struct {
	words map[string]float64
}

// NewBaseline builds the lexicon scorer.
func NewBaseline() *Baseline {
	b := &Baseline{words: map[string]float64{}}
	for _, w := range baselinePositive {
		b.words[w] = 1
	}
	for _, w := range baselineNegative {
		b.words[w] = -1
	}
	return b
}

// Margin is the lexicon's decision value: the sum of word polarities,
// negated ones flipped, scaled by the square root of the number of
// polar words.
func (b *Baseline) Margin(text string) float64 {
	words := Words(Normalize(text))
	var sum float64
	var n int
	for i, w := range words {
		p, ok := b.words[w]
		if !ok {
			// Chinese words carry polarity inside longer segments too
			if HasHan(w) {
				for _, r := range []string{"不好", "不错", "满意", "喜欢", "失望", "垃圾", "划算"} {
					if strings.Contains(w, r) && w != r {
						p, ok = b.words[r], true
						break
					}
				}
			}
			if !ok {
				continue
			}
		}
		for k := max(0, i-2); k < i; k++ {
			if baselineNegators[words[k]] {
				p = -p
				break
			}
		}
		sum += p
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / math.Sqrt(float64(n))
}

// Score reads the sentiment of a text; texts without polar words are
// neutral.
func (b *Baseline) Score(text string) Sentiment {
	return sentimentOf(1 / (1 + math.Exp(-1.5*b.Margin(text))))
}
