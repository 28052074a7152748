.DEFAULT_GOAL := help
GO ?= go

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

run: ## start the demo shop on http://127.0.0.1:8080 (embedded SQLite in ./data)
	$(GO) run ./cmd/rapport demo

test: ## the whole test suite: lint, then every package on SQLite and PostgreSQL
	./scripts/test-services
	$(MAKE) lint
	$(GO) test -count=1 -timeout 20m ./...

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

bench: ## benchmarks of ingestion and storage (not part of test)
	$(GO) test -run '^$$' -bench . -benchmem ./internal/store/... ./internal/ingest/...

generate: ## regenerate templ components
	$(GO) generate ./...

.PHONY: help run test lint bench generate
