package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"sync"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files under /static/ and names them
// with a content hash, so browsers may cache them for good.
type assets struct {
	files   fs.FS
	version map[string]string // file name → short content hash
}

// staticAssets loads the embedded files once; their content never changes
// while the binary runs.
var staticAssets = sync.OnceValues(loadAssets)

// staticURL is the address templates use for a static file.
func staticURL(name string) string {
	a, err := staticAssets()
	if err != nil {
		return "/static/" + name
	}
	return a.url(name)
}

func loadAssets() (*assets, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	a := &assets{files: sub, version: map[string]string{}}
	err = fs.WalkDir(sub, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.version[path] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

// url returns the cache-busting address of a static file.
func (a *assets) url(name string) string {
	return "/static/" + name + "?v=" + a.version[name]
}

// handler serves the files; versioned requests are cached for a year.
func (a *assets) handler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(a.files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") != "" {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		files.ServeHTTP(w, r)
	})
}

// favicon sends browsers that ask for /favicon.ico to the embedded icon.
func favicon(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, staticURL("favicon.svg"), http.StatusMovedPermanently)
}
