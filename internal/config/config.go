// Package config reads Rapport's settings from defaults, RAPPORT_* environment
// variables (each also as RAPPORT_*_FILE naming a file that holds the value)
// and command-line flags, in that order of precedence, lowest first.
package config

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/knadh/koanf/providers/confmap"
	"github.com/knadh/koanf/providers/posflag"
	"github.com/knadh/koanf/v2"
	"github.com/spf13/pflag"
)

// Config is every setting of the binary.
type Config struct {
	Addr          string        `koanf:"addr"`
	DB            string        `koanf:"db"`
	LogLevel      string        `koanf:"log-level"`
	LogFormat     string        `koanf:"log-format"`
	SecureCookies bool          `koanf:"secure-cookies"`
	QueueEvents   int           `koanf:"queue-events"`
	ShutdownGrace time.Duration `koanf:"shutdown-grace"`
}

// Setting is one row of the table of defaults, documented in README.md.
type Setting struct {
	Key     string
	Default any
	Help    string
}

// Settings is the table of every setting, its default and what it does.
var Settings = []Setting{
	{"addr", "127.0.0.1:8080", "address the server listens on"},
	{"db", "data/rapport.db", "database: a SQLite file path (embedded default) or a postgres:// URL"},
	{"log-level", "info", "debug, info, warn or error"},
	{"log-format", "text", "text or json"},
	{"secure-cookies", false, "mark console cookies Secure (set when served over HTTPS)"},
	{"queue-events", 200000, "events waiting to be committed before ingestion answers 429"},
	{"shutdown-grace", "30s", "how long shutdown waits for requests and queued events"},
}

// EnvName is the environment variable of a setting, e.g. RAPPORT_LOG_LEVEL.
func EnvName(key string) string {
	return "RAPPORT_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

// AddFlags declares one flag per setting on fs.
func AddFlags(fs *pflag.FlagSet) {
	for _, s := range Settings {
		switch d := s.Default.(type) {
		case bool:
			fs.Bool(s.Key, d, s.Help)
		case int:
			fs.Int(s.Key, d, s.Help)
		default:
			fs.String(s.Key, fmt.Sprint(d), s.Help)
		}
	}
}

// Load merges defaults, environment and the flags that were set on fs.
func Load(getenv func(string) string, fs *pflag.FlagSet) (Config, error) {
	k := koanf.New(".")
	defaults, env := map[string]any{}, map[string]any{}
	for _, s := range Settings {
		defaults[s.Key] = s.Default
		v, err := lookupEnv(getenv, EnvName(s.Key))
		if err != nil {
			return Config{}, err
		}
		if v != "" {
			env[s.Key] = v
		}
	}
	if err := k.Load(confmap.Provider(defaults, ""), nil); err != nil {
		return Config{}, err
	}
	if err := k.Load(confmap.Provider(env, ""), nil); err != nil {
		return Config{}, err
	}
	if fs != nil {
		if err := k.Load(posflag.Provider(fs, ".", k), nil); err != nil {
			return Config{}, err
		}
	}
	var c Config
	if err := k.UnmarshalWithConf("", &c, koanf.UnmarshalConf{Tag: "koanf", FlatPaths: true}); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, c.validate()
}

// lookupEnv reads NAME, or the file named by NAME_FILE (for secrets).
func lookupEnv(getenv func(string) string, name string) (string, error) {
	if v := getenv(name); v != "" {
		return v, nil
	}
	if path := getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("config: %s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}

func (c Config) validate() error {
	switch {
	case c.Addr == "":
		return fmt.Errorf("config: addr: must not be empty")
	case c.DB == "":
		return fmt.Errorf("config: db: must not be empty")
	case c.QueueEvents < 1000:
		return fmt.Errorf("config: queue-events: must be at least 1000, got %d", c.QueueEvents)
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("config: log-format: want text or json, got %q", c.LogFormat)
	}
	return nil
}
