package insight_test

import (
	"os"
	"testing"
)

var tmp string

func tempDir() (string, error) { return tmp, nil }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "insight-test-")
	if err != nil {
		panic(err)
	}
	tmp = dir
	code := m.Run()
	if st, err := demoShop(); err == nil && st != nil {
		st.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}
