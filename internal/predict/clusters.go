package predict

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// clusterChannels are the channels whose share of orders is a feature.
var clusterChannels = []rapport.Channel{rapport.ChannelApp, rapport.ChannelMiniProgram, rapport.ChannelWeb, rapport.ChannelOther}

// ClusterFeatures names the clustering inputs, in order.
var ClusterFeatures = []string{"log_recency_days", "log_orders", "log_revenue", "log_categories",
	"share_app", "share_mini_program", "share_web", "share_other"}

// clusterFeatures are one customer's raw clustering inputs.
func clusterFeatures(s *Summary, asOf time.Time) []float64 {
	cats := make(map[string]bool)
	for _, c := range s.Categories {
		if c != "" {
			cats[c] = true
		}
	}
	x := []float64{log1p0(asOf.Sub(s.Last).Hours() / 24), log1p0(float64(s.Orders)),
		log1p0(s.Revenue), log1p0(float64(len(cats)))}
	for _, ch := range clusterChannels {
		x = append(x, float64(s.Channels[ch])/float64(s.Orders))
	}
	return x
}

// Cluster is one group of customers described from its centre.
type Cluster struct {
	ID   int `json:"id"` // 1-based
	Size int `json:"size"`
	// Z is the centre in standard deviations from the mean of each feature.
	Z []float64 `json:"z"`
	// Typical values of the members: medians.
	RecencyDays float64 `json:"recency_days"`
	Orders      float64 `json:"orders"`
	Revenue     float64 `json:"revenue"`
	MainChannel string  `json:"main_channel,omitempty"` // when over 60% of orders
	En          string  `json:"en"`
	Zh          string  `json:"zh"`
}

// Point is a customer placed on the first two principal components.
type Point struct {
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	Cluster int     `json:"c"`
}

// Clustering is the result of clustering the customers.
type Clustering struct {
	KMeans   *KMeans        `json:"kmeans"`
	Clusters []Cluster      `json:"clusters"`
	Points   []Point        `json:"points"`   // a sample for the chart
	Variance []float64      `json:"variance"` // share of variance of the two components
	Assign   map[string]int `json:"-"`        // customer id → cluster id
}

// maxPoints bounds the points kept for the chart.
const maxPoints = 1500

// ClusterCustomers standardises the features of ss as of asOf and clusters
// them into k groups (k ≤ 0 chooses k by silhouette).
func ClusterCustomers(ss []Summary, asOf time.Time, k int) (*Clustering, error) {
	raw := make([][]float64, len(ss))
	for i := range ss {
		raw[i] = clusterFeatures(&ss[i], asOf)
	}
	zs := standardise(raw)
	km, err := FitKMeans(zs, k, 1)
	if err != nil {
		return nil, err
	}
	cl := &Clustering{KMeans: km, Assign: make(map[string]int, len(ss))}
	for i := range ss {
		cl.Assign[ss[i].CustomerID] = km.Assign[i] + 1
	}
	cl.Clusters = describeClusters(ss, asOf, km)
	cl.Points, cl.Variance = project(zs, km.Assign)
	return cl, nil
}

// standardise returns the columns as z-scores (constant columns become 0).
func standardise(raw [][]float64) [][]float64 {
	d := len(raw[0])
	col := make([]float64, len(raw))
	out := make([][]float64, len(raw))
	for i := range out {
		out[i] = make([]float64, d)
	}
	for j := 0; j < d; j++ {
		for i := range raw {
			col[i] = raw[i][j]
		}
		mean, std := stat.PopMeanStdDev(col, nil)
		for i := range raw {
			if std > 0 {
				out[i][j] = (raw[i][j] - mean) / std
			}
		}
	}
	return out
}

func describeClusters(ss []Summary, asOf time.Time, km *KMeans) []Cluster {
	out := make([]Cluster, km.K)
	rec := make([][]float64, km.K)
	ord := make([][]float64, km.K)
	rev := make([][]float64, km.K)
	chans := make([]map[rapport.Channel]int, km.K)
	for c := range out {
		out[c] = Cluster{ID: c + 1, Z: km.Centres[c]}
		chans[c] = make(map[rapport.Channel]int)
	}
	for i := range ss {
		c := km.Assign[i]
		out[c].Size++
		rec[c] = append(rec[c], asOf.Sub(ss[i].Last).Hours()/24)
		ord[c] = append(ord[c], float64(ss[i].Orders))
		rev[c] = append(rev[c], ss[i].Revenue)
		for ch, n := range ss[i].Channels {
			chans[c][ch] += n
		}
	}
	for c := range out {
		out[c].RecencyDays, out[c].Orders, out[c].Revenue = median(rec[c]), median(ord[c]), median(rev[c])
		out[c].MainChannel = dominant(chans[c])
		out[c].En, out[c].Zh = describe(out[c].Z, out[c].MainChannel)
	}
	return out
}

// dominant is the channel of over 60% of the orders, "" when none is.
func dominant(m map[rapport.Channel]int) string {
	var total int
	for _, n := range m {
		total += n
	}
	for ch, n := range m {
		if float64(n) > 0.6*float64(total) && len(m) > 0 {
			return string(ch)
		}
	}
	return ""
}

// describe words a centre: each of recency, frequency and spend is high
// when over half a standard deviation above the mean, low when under half
// one below, average otherwise.
func describe(z []float64, channel string) (en, zh string) {
	level := func(v float64) int {
		switch {
		case v > 0.5:
			return 2
		case v < -0.5:
			return 0
		}
		return 1
	}
	// Recency is in days since the last order: a low value is recent.
	recEn := [3]string{"recent", "lapsing", "lapsed"}[level(z[0])]
	recZh := [3]string{"近期购买", "渐少光顾", "久未购买"}[level(z[0])]
	frqEn := [3]string{"occasional", "moderately frequent", "frequent"}[level(z[1])]
	frqZh := [3]string{"低频", "中频", "高频"}[level(z[1])]
	spEn := [3]string{"low spend", "average spend", "high spend"}[level(z[2])]
	spZh := [3]string{"低消费", "中等消费", "高消费"}[level(z[2])]
	en = strings.Join([]string{recEn, frqEn, spEn}, ", ")
	zh = strings.Join([]string{recZh, frqZh, spZh}, "，")
	if channel != "" {
		en += ", mostly " + channelEn[channel]
		zh += "，主要通过" + channelZh[channel]
	}
	return en, zh
}

var channelEn = map[string]string{"app": "app", "mini_program": "mini-program", "web": "web", "other": "other channels"}
var channelZh = map[string]string{"app": "App", "mini_program": "小程序", "web": "网站", "other": "其他渠道"}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// project places a sample of the points on the first two principal
// components and returns the share of variance each explains.
func project(zs [][]float64, assign []int) ([]Point, []float64) {
	n, d := len(zs), len(zs[0])
	X := mat.NewDense(n, d, nil)
	for i, z := range zs {
		X.SetRow(i, z)
	}
	var pc stat.PC
	if !pc.PrincipalComponents(X, nil) || d < 2 {
		return nil, nil
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	vars := pc.VarsTo(nil)
	var total float64
	for _, v := range vars {
		total += v
	}
	step := max(1, n/maxPoints)
	var pts []Point
	for i := 0; i < n; i += step {
		var x, y float64
		for j := 0; j < d; j++ {
			x += zs[i][j] * vecs.At(j, 0)
			y += zs[i][j] * vecs.At(j, 1)
		}
		pts = append(pts, Point{X: round3(x), Y: round3(y), Cluster: assign[i] + 1})
	}
	if total == 0 {
		return pts, nil
	}
	return pts, []float64{vars[0] / total, vars[1] / total}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// String is the English description with the size.
func (c Cluster) String() string { return fmt.Sprintf("cluster %d (%d): %s", c.ID, c.Size, c.En) }
