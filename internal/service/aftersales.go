package service

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/rapport-cx/rapport"
)

// AfterSaleRequest is what a customer asks for: a return, exchange, refund
// or quality claim about items of one of their orders.
type AfterSaleRequest struct {
	Kind       rapport.CaseType
	CustomerID string
	OrderID    string
	Items      []rapport.AfterSaleItem // product and quantity; price and category come from the order
	Reason     string
	Photos     []string // URLs
	Channel    rapport.Channel
}

// Decisions of an after-sale request.
const (
	DecisionAuto     = "auto_approved"
	DecisionManual   = "manual"
	DecisionApproved = "approved"
	DecisionRejected = "rejected"
)

// Events of after-sale steps, one per customer-facing status.
var afterSaleEvents = map[string]string{
	rapport.AfterSaleRequested:       rapport.EventReturnRequested,
	rapport.AfterSaleApproved:        "Return Approved",
	rapport.AfterSaleRejected:        "Return Rejected",
	rapport.AfterSalePickupScheduled: "Return Pickup Scheduled",
	rapport.AfterSaleReceived:        "Return Received",
	rapport.AfterSaleRefunded:        "Return Refunded",
}

// RequestAfterSale records a request and decides it: approved at once if
// every approval rule passes (the reasons say why), otherwise a case for a
// person with a one-hour decision target. A quality claim also gets an
// inspection task due within 24 hours. Each status emits an event.
func (s *Service) RequestAfterSale(ctx context.Context, in AfterSaleRequest) (*rapport.AfterSale, error) {
	order, err := s.validateRequest(ctx, &in)
	if err != nil {
		return nil, err
	}
	cfg, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	cust, err := s.customer(ctx, in.CustomerID)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	a := &rapport.AfterSale{Kind: in.Kind, OrderID: in.OrderID, CustomerID: in.CustomerID, Items: in.Items,
		Reason: in.Reason, Photos: in.Photos, Status: rapport.AfterSaleRequested, CreatedAt: now, UpdatedAt: now,
		Steps: []rapport.AfterSaleStep{{Status: rapport.AfterSaleRequested, At: now}}}
	for _, it := range a.Items {
		a.Amount += it.Price * float64(it.Quantity)
	}
	approved, reasons := cfg.AfterSales.evaluate(a, order, cust, now)
	a.Reasons = reasons
	a.Decision = DecisionManual
	if approved {
		a.Decision, a.Status = DecisionAuto, rapport.AfterSaleApproved
		a.Steps = append(a.Steps, rapport.AfterSaleStep{Status: rapport.AfterSaleApproved, At: now})
	}
	if err := s.store.CreateAfterSale(ctx, a); err != nil {
		return nil, err
	}
	if err := s.openAfterSaleCases(ctx, a, in.Channel, !approved); err != nil {
		return nil, err
	}
	if err := s.store.UpdateAfterSale(ctx, a); err != nil {
		return nil, err
	}
	eff := &effects{}
	for _, st := range a.Steps {
		stepEffects(a, st, eff)
	}
	if err := s.flush(ctx, eff); err != nil {
		s.log.Warn("after-sale side effects", "request", a.ID, "err", err)
	}
	return a, nil
}

// openAfterSaleCases opens the decision case (if a person decides) and
// the inspection task of a quality claim.
func (s *Service) openAfterSaleCases(ctx context.Context, a *rapport.AfterSale, ch rapport.Channel, decide bool) error {
	products := make([]string, len(a.Items))
	for i, it := range a.Items {
		products[i] = it.ProductID
	}
	body := fmt.Sprintf("%s request for order %s, reason %q, amount %.2f.", a.Kind, a.OrderID, a.Reason, a.Amount)
	if len(a.Photos) > 0 {
		body += "\nPhotos: " + strings.Join(a.Photos, " ")
	}
	body += "\nRule checks:\n" + strings.Join(a.Reasons, "\n")
	base := NewCase{CustomerID: a.CustomerID, Type: a.Kind, Channel: ch, OrderID: a.OrderID, ProductIDs: products,
		At: a.CreatedAt, Labels: []string{fmt.Sprintf("after-sale-%d", a.ID)}}
	if decide {
		in := base
		in.ExternalID = fmt.Sprintf("after-sale-%d", a.ID)
		in.Subject = fmt.Sprintf("Decide on %s request %d (order %s)", a.Kind, a.ID, a.OrderID)
		in.Policy = PolicyAfterSaleDecision
		in.Messages = []rapport.CaseMessage{{Kind: rapport.AuthorSystem, Body: body}}
		c, err := s.Open(ctx, in)
		if err != nil {
			return err
		}
		a.CaseID = c.ID
	}
	if a.Kind == rapport.CaseQualityClaim {
		in := base
		in.ExternalID = fmt.Sprintf("inspection-%d", a.ID)
		in.Type, in.ParentID = rapport.CaseInspection, a.CaseID
		in.Subject = fmt.Sprintf("Inspect the quality claim %d (order %s)", a.ID, a.OrderID)
		in.Policy = PolicyInspection
		in.Messages = []rapport.CaseMessage{{Kind: rapport.AuthorSystem, Body: body}}
		c, err := s.Open(ctx, in)
		if err != nil {
			return err
		}
		a.InspectionCaseID = c.ID
	}
	return nil
}

// stepEffects emits a step's event and webhook, keyed by request and status.
func stepEffects(a *rapport.AfterSale, st rapport.AfterSaleStep, eff *effects) {
	key := fmt.Sprintf("after_sale_%d_%s", a.ID, st.Status)
	eff.events = append(eff.events, serviceEvent("service-"+key, afterSaleEvents[st.Status], a.CustomerID, "", st.At,
		map[string]any{"after_sale_id": float64(a.ID), "kind": string(a.Kind), "order_id": a.OrderID,
			"status": st.Status, "reason": a.Reason, "amount": a.Amount}))
	eff.hook(key, HookAfterSaleState, map[string]any{"after_sale_id": a.ID, "kind": a.Kind, "order_id": a.OrderID,
		"customer_id": a.CustomerID, "status": st.Status})
}

// validateRequest checks a request against the customer's order and fills
// each item's price and category from it.
func (s *Service) validateRequest(ctx context.Context, in *AfterSaleRequest) (*rapport.Order, error) {
	if !slices.Contains(afterSaleKinds, in.Kind) {
		return nil, rapport.FieldErrorf("kind", "%q is not return, exchange, refund or quality_claim", in.Kind)
	}
	if strings.TrimSpace(in.CustomerID) == "" {
		return nil, rapport.FieldErrorf("customer_id", "a request needs the customer")
	}
	if strings.TrimSpace(in.Reason) == "" {
		return nil, rapport.FieldErrorf("reason", "a request needs a reason")
	}
	if len(in.Items) == 0 {
		return nil, rapport.FieldErrorf("items", "a request needs at least one item")
	}
	for i, p := range in.Photos {
		if u, err := url.Parse(p); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, rapport.FieldErrorf(fmt.Sprintf("photos[%d]", i), "%q is not an http(s) URL", p)
		}
	}
	orders, err := s.store.Orders(ctx, in.CustomerID, 10000)
	if err != nil && rapport.ErrorCode(err) != rapport.ENOTFOUND {
		return nil, err
	}
	i := slices.IndexFunc(orders, func(o rapport.Order) bool { return o.ID == in.OrderID })
	if i < 0 {
		return nil, rapport.FieldErrorf("order_id", "customer %s has no order %q", in.CustomerID, in.OrderID)
	}
	o := &orders[i]
	for j := range in.Items {
		it := &in.Items[j]
		k := slices.IndexFunc(o.Items, func(l rapport.OrderItem) bool { return l.ProductID == it.ProductID })
		if k < 0 {
			return nil, rapport.FieldErrorf(fmt.Sprintf("items[%d].product_id", j), "order %s has no product %q", o.ID, it.ProductID)
		}
		if it.Quantity == 0 {
			it.Quantity = 1
		}
		if it.Quantity < 0 || it.Quantity > o.Items[k].Quantity {
			return nil, rapport.FieldErrorf(fmt.Sprintf("items[%d].quantity", j), "between 1 and the %d ordered", o.Items[k].Quantity)
		}
		it.Price, it.Category = o.Items[k].Price, o.Items[k].Category
	}
	return o, nil
}

// Decide records a person's decision on a request that waits for one and
// resolves its decision case.
func (s *Service) Decide(ctx context.Context, id int64, approve bool, author, note string) (*rapport.AfterSale, error) {
	a, err := s.store.AfterSale(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Decision != DecisionManual || a.Status != rapport.AfterSaleRequested {
		return nil, rapport.Errorf(rapport.ECONFLICT, "request %d is already decided (%s)", id, a.Decision)
	}
	to, decision := rapport.AfterSaleRejected, DecisionRejected
	if approve {
		to, decision = rapport.AfterSaleApproved, DecisionApproved
	}
	a.Decision = decision
	if note != "" {
		a.Reasons = append(a.Reasons, fmt.Sprintf("%s by %s: %s", decision, author, note))
	}
	if err := s.step(ctx, a, to); err != nil {
		return nil, err
	}
	if a.CaseID != 0 {
		resolved := rapport.StatusResolved
		if _, err := s.Update(ctx, a.CaseID, Change{Status: &resolved, Note: note, Author: author}); err != nil &&
			rapport.ErrorCode(err) != rapport.EINVALID {
			return a, err
		}
	}
	return a, nil
}

// Advance moves an approved request to its next customer-facing status:
// approved → pickup_scheduled → received → refunded.
func (s *Service) Advance(ctx context.Context, id int64, to string) (*rapport.AfterSale, error) {
	a, err := s.store.AfterSale(ctx, id)
	if err != nil {
		return nil, err
	}
	cur := slices.Index(rapport.AfterSaleSteps, a.Status)
	next := slices.Index(rapport.AfterSaleSteps, to)
	if next < 0 {
		return nil, rapport.FieldErrorf("status", "%q is not a step (%s)", to, strings.Join(rapport.AfterSaleSteps, ", "))
	}
	if cur < 1 || next != cur+1 {
		return nil, rapport.FieldErrorf("status", "a %s request cannot become %s", a.Status, to)
	}
	return a, s.step(ctx, a, to)
}

// step writes a new status with its step and emits its event.
func (s *Service) step(ctx context.Context, a *rapport.AfterSale, to string) error {
	now := s.clock.Now()
	st := rapport.AfterSaleStep{Status: to, At: now}
	a.Status, a.UpdatedAt, a.Steps = to, now, append(a.Steps, st)
	if err := s.store.UpdateAfterSale(ctx, a); err != nil {
		return err
	}
	eff := &effects{}
	stepEffects(a, st, eff)
	if err := s.flush(ctx, eff); err != nil {
		s.log.Warn("after-sale side effects", "request", a.ID, "err", err)
	}
	return nil
}

// DryRunResult is what rules would have decided on one past request.
type DryRunResult struct {
	ID       int64    `json:"id"`
	Kind     string   `json:"kind"`
	OrderID  string   `json:"order_id"`
	Amount   float64  `json:"amount"`
	Was      string   `json:"was"`   // the recorded decision
	Would    string   `json:"would"` // auto_approved or manual
	Changed  bool     `json:"changed"`
	Reasons  []string `json:"reasons"`
	Approved bool     `json:"-"`
}

// DryRun evaluates rules over the latest limit requests, each at the time
// it was made and with today's profile of its customer, without changing
// anything.
func (s *Service) DryRun(ctx context.Context, rules ApprovalRules, limit int) ([]DryRunResult, error) {
	if err := rules.validate(); err != nil {
		return nil, err
	}
	list, err := s.store.ListAfterSales(ctx, limit)
	if err != nil {
		return nil, err
	}
	out := []DryRunResult{}
	for _, a := range list {
		orders, err := s.store.Orders(ctx, a.CustomerID, 10000)
		if err != nil && rapport.ErrorCode(err) != rapport.ENOTFOUND {
			return nil, err
		}
		i := slices.IndexFunc(orders, func(o rapport.Order) bool { return o.ID == a.OrderID })
		if i < 0 {
			continue
		}
		cust, err := s.customer(ctx, a.CustomerID)
		if err != nil {
			return nil, err
		}
		ok, reasons := rules.evaluate(&a, &orders[i], cust, a.CreatedAt)
		would := DecisionManual
		if ok {
			would = DecisionAuto
		}
		out = append(out, DryRunResult{ID: a.ID, Kind: string(a.Kind), OrderID: a.OrderID, Amount: a.Amount,
			Was: a.Decision, Would: would, Changed: (a.Decision == DecisionAuto) != ok, Reasons: reasons, Approved: ok})
	}
	return out, nil
}
