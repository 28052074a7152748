package textan

import (
	"slices"
	"testing"

	"github.com/rapport-cx/rapport/internal/datasets"
)

// bankingSubset loads BANKING77 restricted to a few intents, to keep the
// default test run short.
func bankingSubset(t *testing.T, file string, labels []string) []Labelled {
	t.Helper()
	path, err := datasets.Locate(file)
	if err != nil {
		t.Fatal(err)
	}
	all, err := LoadIntents(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []Labelled
	for _, d := range all {
		if slices.Contains(labels, d.Label) {
			out = append(out, d)
		}
	}
	return out
}

func TestIntentsOnBankingSubset(t *testing.T) {
	labels := []string{"card_arrival", "lost_or_stolen_card", "exchange_rate", "cancel_transfer",
		"pin_blocked", "top_up_failed", "transfer_timing", "change_pin", "atm_support", "age_limit"}
	train := bankingSubset(t, BankingTrain, labels)
	test := bankingSubset(t, BankingTest, labels)
	if len(test) != 10*40 {
		t.Fatalf("%d test questions, want 400 (40 per intent)", len(test))
	}
	m := TrainIntents(train, nil, 1)
	s := EvalIntents(m, test)
	t.Logf("10 intents: accuracy %.4f macro-F1 %.4f", s.Accuracy, s.MacroF1)
	if s.Accuracy < 0.93 {
		t.Errorf("accuracy %.3f on 10 distinct intents, want ≥ 0.93", s.Accuracy)
	}
	p := m.Predict("I lost my card, someone may have stolen it")
	if p.Label != "lost_or_stolen_card" || p.Confidence <= 0.1 || p.Confidence > 1 {
		t.Errorf("Predict = %+v", p)
	}
	if p.Runner == "" || p.Runner == p.Label {
		t.Errorf("runner-up %q", p.Runner)
	}
}

func TestIntentConfidenceIsLowForUnrelatedText(t *testing.T) {
	labels := []string{"card_arrival", "exchange_rate", "change_pin"}
	m := TrainIntents(bankingSubset(t, BankingTrain, labels), nil, 1)
	on := m.Predict("how do I change my PIN?")
	off := m.Predict("qwerty zxcv")
	if on.Label != "change_pin" || off.Confidence >= on.Confidence {
		t.Errorf("on-topic %+v, off-topic %+v: want the on-topic one more confident", on, off)
	}
}
