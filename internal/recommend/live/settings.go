package live

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// Limits of the settings.
const (
	maxPerCategory   = 100
	maxEASECeiling   = 20_000 // EASE's two dense n² float64 matrices: 6.4 GB at this size
	maxRetrainHours  = 24 * 365
	maxAbsWeight     = 100
	maxRepeatEntries = 500
)

// active is the settings a Service uses, with the forms requests read.
type active struct {
	rapport.RecommendSettings
	weights recommend.Weights
	repeat  map[string]bool
}

func newActive(set rapport.RecommendSettings) *active {
	a := &active{RecommendSettings: set, weights: recommend.Weights{}, repeat: map[string]bool{}}
	for k, v := range set.Weights {
		a.weights[k] = float32(v)
	}
	for _, c := range set.RepeatCategories {
		a.repeat[c] = true
	}
	return a
}

func (a *active) retrainEvery() time.Duration {
	return time.Duration(a.RetrainEveryHours) * time.Hour
}

// defaultSettings are the settings of cfg (filled by New).
func (cfg *Config) defaultSettings() rapport.RecommendSettings {
	set := rapport.RecommendSettings{Weights: map[string]float64{}, RepeatCategories: slices.Clone(cfg.RepeatCategories),
		PerCategory: cfg.PerCategory, MaxEASEItems: cfg.MaxEASEItems, RetrainEveryHours: int(math.Ceil(cfg.RetrainEvery.Hours()))}
	for _, k := range kinds {
		set.Weights[k] = float64(cfg.Weights[k])
	}
	if set.RepeatCategories == nil {
		set.RepeatCategories = []string{}
	}
	return set
}

// settings returns the settings in use.
func (s *Service) settings() *active { return s.set.Load() }

// Settings returns the settings in use.
func (s *Service) Settings() rapport.RecommendSettings { return s.settings().RecommendSettings }

// loadSettings replaces the settings in use by the stored ones, if any.
func (s *Service) loadSettings(ctx context.Context) error {
	set, err := s.cfg.Store.RecommendSettings(ctx)
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		return nil
	case err != nil:
		return err
	}
	if cur := s.settings(); cur != nil && cur.UpdatedAt.Equal(set.UpdatedAt) && !set.UpdatedAt.IsZero() {
		return nil
	}
	s.set.Store(newActive(complete(set, s.cfg.defaultSettings())))
	return nil
}

// complete fills weights the stored settings lack from the defaults.
func complete(set, def rapport.RecommendSettings) rapport.RecommendSettings {
	w := map[string]float64{}
	for k, v := range def.Weights {
		w[k] = v
	}
	for k, v := range set.Weights {
		w[k] = v
	}
	set.Weights = w
	if set.RepeatCategories == nil {
		set.RepeatCategories = []string{}
	}
	return set
}

// UpdateSettings validates and stores new settings; they apply to the next
// request on this node and, through the poll, on the others. Weights not
// given keep their current values. A rejected update changes nothing.
func (s *Service) UpdateSettings(ctx context.Context, set rapport.RecommendSettings) (rapport.RecommendSettings, error) {
	set = complete(set, s.Settings())
	if err := ValidateSettings(&set); err != nil {
		return rapport.RecommendSettings{}, err
	}
	set.UpdatedAt = s.cfg.Clock.Now().UTC().Truncate(time.Millisecond)
	if err := s.cfg.Store.SaveRecommendSettings(ctx, set); err != nil {
		return rapport.RecommendSettings{}, err
	}
	s.set.Store(newActive(set))
	return set, nil
}

// ValidateSettings checks settings, trimming and deduplicating the repeat
// categories; the error names the field.
func ValidateSettings(set *rapport.RecommendSettings) error {
	for _, k := range sortedKeys(set.Weights) {
		v := set.Weights[k]
		if kindIndex(k) < 0 {
			return rapport.FieldErrorf("weights."+k, "unknown interaction kind; use one of %s", strings.Join(kinds[:], ", "))
		}
		if math.IsNaN(v) || math.Abs(v) > maxAbsWeight {
			return rapport.FieldErrorf("weights."+k, "must be between -%d and %d, got %g", maxAbsWeight, maxAbsWeight, v)
		}
	}
	for _, k := range []string{recommend.KindView, recommend.KindCart, recommend.KindPurchase} {
		if set.Weights[k] <= 0 {
			return rapport.FieldErrorf("weights."+k, "must be positive: a %s is a sign of interest", k)
		}
	}
	if len(set.RepeatCategories) > maxRepeatEntries {
		return rapport.FieldErrorf("repeat_categories", "at most %d categories, got %d", maxRepeatEntries, len(set.RepeatCategories))
	}
	cats := []string{}
	for _, c := range set.RepeatCategories {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	set.RepeatCategories = cats
	if set.PerCategory < 1 || set.PerCategory > maxPerCategory {
		return rapport.FieldErrorf("per_category", "must be between 1 and %d, got %d", maxPerCategory, set.PerCategory)
	}
	if set.MaxEASEItems < 0 || set.MaxEASEItems > maxEASECeiling {
		return rapport.FieldErrorf("max_ease_items", "must be between 0 (never) and %d, got %d", maxEASECeiling, set.MaxEASEItems)
	}
	if set.RetrainEveryHours < 1 || set.RetrainEveryHours > maxRetrainHours {
		return rapport.FieldErrorf("retrain_every_hours", "must be between 1 and %d, got %d", maxRetrainHours, set.RetrainEveryHours)
	}
	return nil
}
