// Package offline reproduces the offline evaluation protocols of
// recommendation models on public datasets (MovieLens-100K as in Microsoft
// Recommenders' benchmark, UCI Online Retail with a temporal split), chooses
// hyper-parameters on a validation split carved from the training part only,
// and reports ranking metrics, catalogue coverage and training time.
package offline
