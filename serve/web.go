package serve

import (
	"embed"
	"net/http"
	"path"
)

// The web page and its two files, served as they are: no external
// scripts, fonts or styles, so it works offline.
//
//go:embed web/index.html web/style.css web/app.js
var web embed.FS

//go:embed openapi.json
var openapiJSON []byte

// pageCSP lets the page use its own script and style only; the report is
// shown in a sandboxed frame (no scripts), whose inline style it allows.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data: blob:; frame-src 'self' blob: about:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	data, _ := web.ReadFile("web/index.html")
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	w.Write(data)
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}[path.Ext(name)]
	data, err := web.ReadFile("web/" + name)
	if err != nil || ctype == "" || name == "index.html" {
		problem(w, r, ProblemNotFound, r.URL.Path, 0)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openapiJSON)
}
