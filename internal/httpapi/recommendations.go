package httpapi

import (
	"context"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend/live"
)

// RecommendationsInput are the query parameters of a recommendation request.
type RecommendationsInput struct {
	Customer    string  `query:"customer" maxLength:"200" doc:"Customer id; for a visitor, anon:<anonymousId> (or use anonymous_id)"`
	AnonymousID string  `query:"anonymous_id" maxLength:"200" doc:"Anonymous id of a visitor without a customer id"`
	Scene       string  `query:"scene" enum:"home,product,cart,post_purchase" default:"home" doc:"Where the list is shown"`
	Item        string  `query:"item" maxLength:"200" doc:"The product being viewed (required for scene=product)"`
	N           int     `query:"n" minimum:"1" maximum:"100" default:"10" doc:"How many items"`
	Exclude     string  `query:"exclude" maxLength:"4000" doc:"Comma-separated product ids never to return"`
	Category    string  `query:"category" maxLength:"200" doc:"Only items of this category"`
	MinPrice    float64 `query:"min_price" minimum:"0" doc:"Only items at or above this price"`
	MaxPrice    float64 `query:"max_price" minimum:"0" doc:"Only items at or below this price (0: no bound)"`
	Lang        string  `query:"lang" enum:"en,zh" default:"en" doc:"Language of the reasons"`
}

// RecommendationsOutput is one page of recommendations.
type RecommendationsOutput struct {
	Body *live.Response
}

func (h *handlers) recommendations(ctx context.Context, in *RecommendationsInput) (*RecommendationsOutput, error) {
	if h.rec == nil {
		return nil, h.toHTTP(rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
	}
	customer := in.Customer
	if customer == "" && in.AnonymousID != "" {
		customer = rapport.AnonymousPrefix + in.AnonymousID
	}
	var exclude []string
	for _, id := range strings.Split(in.Exclude, ",") {
		if id = strings.TrimSpace(id); id != "" {
			exclude = append(exclude, id)
		}
	}
	resp, err := h.rec.Recommend(ctx, live.Request{CustomerID: customer, Scene: in.Scene, Item: in.Item, N: in.N,
		Exclude: exclude, Category: in.Category, MinPrice: in.MinPrice, MaxPrice: in.MaxPrice, Lang: in.Lang})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &RecommendationsOutput{Body: resp}, nil
}

// RecommendationStatusOutput describes the live model.
type RecommendationStatusOutput struct {
	Body struct {
		Ready bool                   `json:"ready"`
		Model rapport.RecommendModel `json:"model"`
	}
}

func (h *handlers) recommendationStatus(ctx context.Context, _ *struct{}) (*RecommendationStatusOutput, error) {
	if h.rec == nil {
		return nil, h.toHTTP(rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
	}
	out := &RecommendationStatusOutput{}
	out.Body.Model, out.Body.Ready = h.rec.Status()
	return out, nil
}

// RecommendationMetricsOutput is the online measurement.
type RecommendationMetricsOutput struct {
	Body live.OnlineMetrics
}

func (h *handlers) recommendationMetrics(ctx context.Context, _ *struct{}) (*RecommendationMetricsOutput, error) {
	if h.rec == nil {
		return nil, h.toHTTP(rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
	}
	return &RecommendationMetricsOutput{Body: h.rec.Online()}, nil
}

// ItemAvailabilityInput sets whether an item may be recommended.
type ItemAvailabilityInput struct {
	ID   string `path:"id" minLength:"1" maxLength:"200" doc:"Product id"`
	Body struct {
		InStock  bool `json:"in_stock" doc:"False hides the item until it is back in stock"`
		Excluded bool `json:"excluded,omitempty" doc:"True never recommends the item"`
	}
}

// ItemAvailabilityOutput echoes the stored availability.
type ItemAvailabilityOutput struct {
	Body rapport.ItemAvailability
}

func (h *handlers) setItemAvailability(ctx context.Context, in *ItemAvailabilityInput) (*ItemAvailabilityOutput, error) {
	if h.rec == nil {
		return nil, h.toHTTP(rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
	}
	a := rapport.ItemAvailability{ProductID: in.ID, InStock: in.Body.InStock, Excluded: in.Body.Excluded, UpdatedAt: h.clock.Now()}
	if err := h.rec.SetAvailability(ctx, a); err != nil {
		return nil, h.toHTTP(err)
	}
	return &ItemAvailabilityOutput{Body: a}, nil
}

// RetrainOutput says whether a new model went live.
type RetrainOutput struct {
	Body struct {
		Live  bool                   `json:"live"`
		Model rapport.RecommendModel `json:"model"`
	}
}

func (h *handlers) retrainRecommendations(ctx context.Context, _ *struct{}) (*RetrainOutput, error) {
	if h.rec == nil {
		return nil, h.toHTTP(rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
	}
	went, err := h.rec.Retrain(ctx, h.clock.Now(), true)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &RetrainOutput{}
	out.Body.Live = went
	out.Body.Model, _ = h.rec.Status()
	return out, nil
}

// RecommendSettingsOutput is the shop's recommendation settings.
type RecommendSettingsOutput struct {
	Body rapport.RecommendSettings
}

func (h *handlers) recommendSettings(ctx context.Context, _ *struct{}) (*RecommendSettingsOutput, error) {
	if h.rec == nil {
		return nil, h.toHTTP(rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
	}
	return &RecommendSettingsOutput{Body: h.rec.Settings()}, nil
}

// RecommendSettingsInput replaces the shop's recommendation settings.
type RecommendSettingsInput struct {
	Body struct {
		Weights           map[string]float64 `json:"weights,omitempty" doc:"Weight of each interaction kind (view, search, wishlist, cart, purchase, return, low_rating, not_interested), between -100 and 100; view, cart and purchase positive. Kinds left out keep their weight."`
		RepeatCategories  []string           `json:"repeat_categories" doc:"Categories whose items may be recommended again after a purchase (consumables)"`
		PerCategory       int                `json:"per_category" doc:"At most this many items of one category in a page (1–100)"`
		MaxEASEItems      int                `json:"max_ease_items" doc:"A serving node tries EASE only up to this many items (0–20000; 0 never); its fit holds two dense items² matrices"`
		RetrainEveryHours int                `json:"retrain_every_hours" doc:"Scheduled full retrain, in hours (1–8760)"`
	}
}

func (h *handlers) updateRecommendSettings(ctx context.Context, in *RecommendSettingsInput) (*RecommendSettingsOutput, error) {
	if h.rec == nil {
		return nil, h.toHTTP(rapport.Errorf(rapport.ENOTFOUND, "recommendations are not enabled on this node"))
	}
	set, err := h.rec.UpdateSettings(ctx, rapport.RecommendSettings{Weights: in.Body.Weights, RepeatCategories: in.Body.RepeatCategories,
		PerCategory: in.Body.PerCategory, MaxEASEItems: in.Body.MaxEASEItems, RetrainEveryHours: in.Body.RetrainEveryHours})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &RecommendSettingsOutput{Body: set}, nil
}
