package profile

import "github.com/rapport-cx/rapport"

// Merge folds src, another profile of the same person (an anonymous visitor
// who has just identified, or an aliased id), into dst. Counters add up,
// first/last times widen, and dst's own tags win over src's where both are set.
func Merge(dst, src *rapport.Customer) {
	dst.Known = dst.Known || src.Known
	fillString(&dst.Email, src.Email)
	fillString(&dst.Phone, src.Phone)
	fillString(&dst.Name, src.Name)
	mergeBasic(&dst.Basic, &src.Basic)
	for k, v := range src.Traits {
		if _, ok := dst.Traits[k]; !ok {
			if dst.Traits == nil {
				dst.Traits = map[string]any{}
			}
			dst.Traits[k] = v
		}
	}
	if src.CreatedAt.Before(dst.CreatedAt) {
		dst.CreatedAt = src.CreatedAt
	}
	dst.UpdatedAt = later(dst.UpdatedAt, src.UpdatedAt)
	mergeStats(&dst.Stats, &src.Stats)
}

func mergeBasic(d, s *rapport.Basic) {
	fillString(&d.Birthday, s.Birthday)
	fillString(&d.AgeBand, s.AgeBand)
	fillString(&d.Gender, s.Gender)
	fillString(&d.Region, s.Region)
	fillString(&d.City, s.City)
	fillString(&d.Occupation, s.Occupation)
	fillString(&d.IncomeBand, s.IncomeBand)
	fillString(&d.Household, s.Household)
	if d.Age == 0 {
		d.Age = s.Age
	}
	if d.RegisteredAt.IsZero() {
		d.RegisteredAt = s.RegisteredAt
	}
	if d.Channel == "" {
		d.Channel = s.Channel
	}
}

func mergeStats(d, s *rapport.Stats) {
	d.FirstSeen = earlier(d.FirstSeen, s.FirstSeen)
	d.LastSeen = later(d.LastSeen, s.LastSeen)
	d.Events += s.Events
	if len(s.Hours) == 24 {
		if len(d.Hours) != 24 {
			d.Hours = make([]int, 24)
		}
		for h, n := range s.Hours {
			d.Hours[h] += n
		}
	}
	d.Searches += s.Searches
	d.CartAdds += s.CartAdds
	d.WishlistAdds += s.WishlistAdds
	d.Checkouts += s.Checkouts
	d.Orders += s.Orders
	d.Revenue += s.Revenue
	d.FirstOrderAt = earlier(d.FirstOrderAt, s.FirstOrderAt)
	if s.LastOrderAt.After(d.LastOrderAt) {
		d.LastOrderAt, d.LastOrderID = s.LastOrderAt, s.LastOrderID
	}
	d.Refunds += s.Refunds
	d.RefundAmount += s.RefundAmount
	d.Cancellations += s.Cancellations
	d.Returns += s.Returns
	d.Reviews += s.Reviews
	d.RatingSum += s.RatingSum
	if d.LastRating == 0 {
		d.LastRating = s.LastRating
	}
	d.Tickets += s.Tickets
	d.LastTicketAt = later(d.LastTicketAt, s.LastTicketAt)
	d.Surveys += s.Surveys
	if d.LastNPS == nil {
		d.LastNPS = s.LastNPS
	}
	d.Referrals += s.Referrals
	mergeCounts(&d.ReturnReasons, s.ReturnReasons)
	mergeCounts(&d.SearchTerms, s.SearchTerms)
	trimTerms(d.SearchTerms)
	mergeChannels(d, s)
	mergeCategories(d, s)
}

func mergeChannels(d, s *rapport.Stats) {
	for name, sc := range s.Channels {
		if d.Channels == nil {
			d.Channels = map[rapport.Channel]*rapport.ChannelStats{}
		}
		dc := d.Channels[name]
		if dc == nil {
			dc = &rapport.ChannelStats{}
			d.Channels[name] = dc
		}
		dc.Events += sc.Events
		dc.Sessions += sc.Sessions
		dc.Views += sc.Views
		dc.LastSeen = later(dc.LastSeen, sc.LastSeen)
	}
}

func mergeCategories(d, s *rapport.Stats) {
	for name, sc := range s.Categories {
		dc := category(d, name)
		dc.Views += sc.Views
		dc.Carts += sc.Carts
		dc.Orders += sc.Orders
		dc.Revenue += sc.Revenue
	}
}

func mergeCounts(dst *map[string]int, src map[string]int) {
	for k, v := range src {
		if *dst == nil {
			*dst = map[string]int{}
		}
		(*dst)[k] += v
	}
}

func fillString(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
