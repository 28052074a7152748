package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestPrecedence(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "db")
	if err := os.WriteFile(secret, []byte("postgres://u@h/db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"RAPPORT_ADDR": ":9000", "RAPPORT_LOG_LEVEL": "debug", "RAPPORT_DB_FILE": secret}
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	AddFlags(fs)
	if err := fs.Parse([]string{"--addr", ":9100", "--queue-events", "5000"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(func(k string) string { return env[k] }, fs)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Addr: ":9100", DB: "postgres://u@h/db", LogLevel: "debug", LogFormat: "text",
		QueueEvents: 5000, ShutdownGrace: 30 * time.Second}
	if c != want {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

func TestInvalidSettingNamesTheKey(t *testing.T) {
	env := map[string]string{"RAPPORT_LOG_FORMAT": "xml"}
	_, err := Load(func(k string) string { return env[k] }, nil)
	if err == nil || !strings.Contains(err.Error(), "log-format") {
		t.Fatalf("err = %v, want one naming log-format", err)
	}
}
