package datasets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Locate returns the path of a file or folder inside the shared public
// datasets folder: $RAPPORT_DATASETS if set, otherwise the first
// "shared/datasets" found walking up from the working directory (the layout
// in which the repository sits beside shared/).
func Locate(rel string) (string, error) {
	if dir := os.Getenv("RAPPORT_DATASETS"); dir != "" {
		return exists(filepath.Join(dir, rel))
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		candidate := filepath.Join(dir, "shared", "datasets")
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return exists(filepath.Join(candidate, rel))
		}
		if filepath.Dir(dir) == dir {
			return "", errors.New("datasets: no shared/datasets folder above the working directory; set RAPPORT_DATASETS")
		}
	}
}

func exists(path string) (string, error) {
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("datasets: %w", err)
	}
	return path, nil
}
