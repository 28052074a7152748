package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKBImportAndList(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	csv := filepath.Join(dir, "faq.csv")
	if err := os.WriteFile(csv, []byte("question,answer,examples,handover\n多久发货？,48小时内。,什么时候发货|几天发货,\nLegal complaint,A person will call you.,i will sue,yes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"kb", "import", csv, "--db", db}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "imported 2 entries") {
		t.Errorf("import said %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"kb", "list", "--db", db}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "1\tzh\t多久发货？\t(2 examples)") || !strings.Contains(out.String(), "Legal complaint [hand-over]") {
		t.Errorf("list printed %q", out.String())
	}
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("question,answer\nhello,\n"), 0o600)
	err := run(context.Background(), []string{"kb", "import", bad, "--db", db}, noEnv, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "answer") {
		t.Errorf("bad file: %v, want an error naming answer", err)
	}
	err = run(context.Background(), []string{"kb", "import", csv, "--format", "xml", "--db", db}, noEnv, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "format") {
		t.Errorf("bad format: %v", err)
	}
}
