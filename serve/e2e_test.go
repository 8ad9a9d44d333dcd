package serve

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds Debian's Chromium (apt-get install chromium); the test
// skips without it unless GOSTVERIFY_REQUIRE_CHROMIUM=1 (scripts/test.sh).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("GOSTVERIFY_REQUIRE_CHROMIUM") == "1" {
		t.Fatal("chromium is not installed (apt-get install chromium)")
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// artifacts is where screenshots of failed browser tests are kept:
// $GOSTVERIFY_ARTIFACTS, else gostverify-artifacts in the temporary
// directory (t.TempDir would be removed).
func artifacts(t *testing.T) string {
	dir := os.Getenv("GOSTVERIFY_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "gostverify-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser drives the web page in headless Chromium: a valid pair, a
// tampered pair and an archive are uploaded with the file input, or
// dropped on the drop zone, and the verdict, the summary and the протокол
// проверки shown are checked, in Russian and in English, on a phone-sized
// screen too; then the report is downloaded as HTML, JSON and CSV.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	_, ts := start(t, Options{})
	dir := t.TempDir()
	good := fixture(t, "", cmsDir+"/invoice.xml.sig")
	doc := fixture(t, "", cmsDir+"/invoice.xml")
	bad := fixture(t, "", cmsDir+"/tampered.xml.sig")
	badDoc := fixture(t, "", cmsDir+"/tampered.xml")
	zipPath := filepath.Join(dir, "export.zip")
	os.WriteFile(zipPath, zipOf(t, good, doc, bad, badDoc), 0o600)
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}

	tests := []struct {
		name    string
		files   []string
		lang    string
		status  string
		verdict string
		summary string
		report  []string // in the HTML report shown
		mobile  bool
		drop    bool // dropped on the drop zone, not chosen with the file input
	}{
		{"valid pair", []string{abs(cmsDir + "/invoice.xml"), abs(cmsDir + "/invoice.xml.sig")}, "ru", "valid", "Подпись действительна",
			"подписей: 1, действительных: 1", []string{"Протокол проверки электронных подписей", "invoice.xml.sig", "Иванов Иван Иванович"}, false, false},
		{"tampered pair", []string{abs(cmsDir + "/tampered.xml"), abs(cmsDir + "/tampered.xml.sig")}, "ru", "invalid", "Подпись недействительна",
			"недействительных: 1", []string{"HASH_FAILURE", "tampered.xml.sig"}, false, false},
		{"archive", []string{zipPath}, "en", "invalid", "The signature is invalid",
			"signatures: 2, valid: 1, invalid: 1", []string{"Signature verification report", "export.zip!/invoice.xml.sig", "export.zip!/tampered.xml.sig"}, false, false},
		{"valid pair on a phone", []string{abs(cmsDir + "/invoice.xml"), abs(cmsDir + "/invoice.xml.sig")}, "en", "valid", "The signature is valid",
			"signatures: 1, valid: 1", []string{"Signature verification report"}, true, false},
		{"valid pair dropped", []string{abs(cmsDir + "/invoice.xml"), abs(cmsDir + "/invoice.xml.sig")}, "ru", "valid", "Подпись действительна",
			"подписей: 1, действительных: 1", []string{"Протокол проверки электронных подписей", "invoice.xml.sig", "Иванов Иван Иванович"}, false, true},
		{"archive dropped", []string{zipPath}, "en", "invalid", "The signature is invalid",
			"signatures: 2, valid: 1, invalid: 1", []string{"Signature verification report", "export.zip!/invoice.xml.sig", "export.zip!/tampered.xml.sig"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := chromedp.NewContext(browser)
			defer cancel()
			ctx, cancelTime := context.WithTimeout(ctx, 60*time.Second)
			defer cancelTime()
			defer func() {
				if t.Failed() {
					if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
						name := filepath.Join(artifacts(t), "TestBrowser-"+strings.ReplaceAll(tt.name, " ", "_")+".png")
						os.WriteFile(name, png, 0o644)
						t.Logf("screenshot: %s", name)
					}
				}
			}()
			steps := []chromedp.Action[chromedp.Void]{}
			if tt.mobile {
				steps = append(steps, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(3)))
			}
			steps = append(steps,
				chromedp.Navigate(ts.URL+"/"),
				chromedp.WaitVisible(chromedp.ID("drop")),
				chromedp.Click(chromedp.ID("lang-"+tt.lang)),
			)
			if tt.drop {
				steps = append(steps, dropFiles(t, "drop", tt.files))
			} else {
				steps = append(steps, chromedp.SetUploadFiles(chromedp.ID("files"), tt.files))
			}
			steps = append(steps, chromedp.WaitVisible(chromedp.ID("result")))
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatalf("browser: %v", err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("report").srcdoc.length > 0`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
				t.Fatalf("no report shown: %v", err)
			}
			str := func(expr string) string {
				v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
				if err != nil {
					t.Fatalf("%s: %v", expr, err)
				}
				return v
			}
			status := str(`document.getElementById("verdict").getAttribute("data-status")`)
			verdict := str(`document.getElementById("verdict").textContent`)
			summary := str(`document.getElementById("summary").textContent`)
			errText := str(`document.getElementById("error").textContent`)
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(document.getElementById("report").contentDocument || {body: null}).body !== null && document.getElementById("report").contentDocument.body.innerText.length > 0`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
				t.Errorf("the report is not rendered in its frame: %v", err)
			}
			// What the frame shows, as rendered (not only the HTML sent).
			report := str(`(document.getElementById("report").contentDocument || {}).body ? document.getElementById("report").contentDocument.body.innerText : ""`)
			tokenShown := str(`String(document.getElementById("token-box").offsetParent !== null)`)
			overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if status != tt.status || strings.TrimSpace(verdict) != tt.verdict {
				t.Errorf("verdict %q (data-status %q), want %q (%s)", verdict, status, tt.verdict, tt.status)
			}
			if !strings.Contains(summary, tt.summary) {
				t.Errorf("summary %q, want %q in it", summary, tt.summary)
			}
			if errText != "" {
				t.Errorf("the page shows an error: %q", errText)
			}
			for _, want := range tt.report {
				if !strings.Contains(report, want) {
					t.Errorf("the report shown has no %q", want)
				}
			}
			if tokenShown != "false" {
				t.Error("the token box is shown without a token being asked for")
			}
			if overflow {
				t.Error("the page scrolls sideways")
			}
			checkDownloads(t, ctx, tt.lang)
		})
	}
}

// dropFiles drops the files on the element with the id as a person's drag
// from the file manager does: dragenter, dragover and drop, each with a
// DataTransfer holding the files. It fails unless the page takes the drag
// (cancels dragover, so the browser allows the drop, and drop, so the
// browser does not open the file instead) and highlights the zone
// meanwhile.
func dropFiles(t *testing.T, id string, paths []string) chromedp.Action[chromedp.Void] {
	type file struct {
		Name string `json:"name"`
		Data string `json:"data"` // base64
	}
	var files []file
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{filepath.Base(p), base64.StdEncoding.EncodeToString(b)})
	}
	arg, _ := json.Marshal(files)
	idArg, _ := json.Marshal(id)
	script := fmt.Sprintf(`(() => {
	const dt = new DataTransfer();
	for (const f of %s) {
		const bin = atob(f.data), bytes = new Uint8Array(bin.length);
		for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
		dt.items.add(new File([bytes], f.name));
	}
	const target = document.getElementById(%s);
	target.scrollIntoView();
	const seen = {};
	for (const type of ["dragenter", "dragover", "drop"]) {
		const ev = new DragEvent(type, {bubbles: true, cancelable: true, composed: true, dataTransfer: dt});
		target.dispatchEvent(ev);
		seen[type + " cancelled"] = ev.defaultPrevented;
		seen[type + " highlighted"] = target.classList.contains("over");
	}
	return seen;
})()`, arg, idArg)
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		seen, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]bool](script))
		if err != nil {
			return fmt.Errorf("dropping %v: %w", paths, err)
		}
		want := map[string]bool{"dragenter cancelled": true, "dragover cancelled": true, "drop cancelled": true,
			"dragenter highlighted": true, "dragover highlighted": true, "drop highlighted": false}
		for k, v := range want {
			if seen[k] != v {
				t.Errorf("dropping on #%s: %s is %v, want %v", id, k, seen[k], v)
			}
		}
		return nil
	})
}

// checkDownloads clicks the page's HTML, JSON and CSV buttons and checks
// that each offers a file (a link with a download name) whose content,
// read in the page, is the report in that format and in the page's
// language. The link's default action (saving the file) is cancelled.
func checkDownloads(t *testing.T, ctx context.Context, lang string) {
	// The page's CSP (connect-src 'self') forbids fetching a blob: URL, so
	// a blob is read from the Blob the page made it of.
	const capture = `(() => {
	window.gostverifyDownloads = [];
	const blobs = new Map(), createObjectURL = URL.createObjectURL;
	URL.createObjectURL = (b) => { const u = createObjectURL.call(URL, b); blobs.set(u, b); return u; };
	document.addEventListener("click", (e) => {
		const a = e.target;
		if (!(a instanceof HTMLAnchorElement) || !a.hasAttribute("download")) return;
		e.preventDefault();
		const d = {name: a.download, href: a.href, text: null, error: null};
		window.gostverifyDownloads.push(d);
		(blobs.has(a.href) ? blobs.get(a.href).text() :
			fetch(a.href).then((r) => r.ok ? r.text() : Promise.reject(new Error(r.status + " " + r.statusText))))
			.then((s) => { d.text = s; }, (err) => { d.error = String(err); });
	}, true);
	return true;
})()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](capture)); err != nil {
		t.Fatalf("watching downloads: %v", err)
	}
	type download struct {
		Name  string  `json:"name"`
		Href  string  `json:"href"`
		Text  *string `json:"text"`
		Error *string `json:"error"`
	}
	for i, format := range []string{"html", "json", "csv"} {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("dl-"+format))); err != nil {
			t.Fatalf("clicking the %s download: %v", format, err)
		}
		done := fmt.Sprintf(`window.gostverifyDownloads.length > %d && (window.gostverifyDownloads[%[1]d].text !== null || window.gostverifyDownloads[%[1]d].error !== null)`, i)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](done, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			errText, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("error").textContent`))
			t.Errorf("%s: no download offered (the page shows %q): %v", format, errText, err)
			continue
		}
		d, err := chromedp.Run(ctx, chromedp.Evaluate[download](fmt.Sprintf(`window.gostverifyDownloads[%d]`, i)))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if d.Error != nil {
			t.Errorf("%s: fetching %s: %s", format, d.Href, *d.Error)
			continue
		}
		body := *d.Text
		if !strings.HasSuffix(d.Name, "."+format) {
			t.Errorf("%s: downloaded as %q", format, d.Name)
		}
		switch format {
		case "html":
			if !strings.Contains(body, "<!DOCTYPE html>") || !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("html: not an HTML report in %s: %.200q", lang, body)
			}
		case "json":
			var v map[string]json.RawMessage
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Errorf("json: %v: %.200q", err, body)
			} else if _, ok := v["summary"]; !ok {
				t.Errorf("json: no summary: %.200q", body)
			}
		case "csv":
			header, _, _ := strings.Cut(strings.TrimPrefix(body, "\ufeff"), "\n")
			want := map[string]string{"ru": "Путь,", "en": "path,"}[lang]
			if !strings.HasPrefix(header, want) {
				t.Errorf("csv: header %q, want it to start with %q", header, want)
			}
		}
	}
}
