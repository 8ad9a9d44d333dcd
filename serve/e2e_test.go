package serve

import (
	"context"
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
// tampered pair and an archive are uploaded with the file input, and the
// verdict, the summary and the протокол проверки shown are checked, in
// Russian and in English, on a phone-sized screen too.
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
	}{
		{"valid pair", []string{abs(cmsDir + "/invoice.xml"), abs(cmsDir + "/invoice.xml.sig")}, "ru", "valid", "Подпись действительна",
			"подписей: 1, действительных: 1", []string{"Протокол проверки электронных подписей", "invoice.xml.sig", "Иванов Иван Иванович"}, false},
		{"tampered pair", []string{abs(cmsDir + "/tampered.xml"), abs(cmsDir + "/tampered.xml.sig")}, "ru", "invalid", "Подпись недействительна",
			"недействительных: 1", []string{"HASH_FAILURE", "tampered.xml.sig"}, false},
		{"archive", []string{zipPath}, "en", "invalid", "The signature is invalid",
			"signatures: 2, valid: 1, invalid: 1", []string{"Signature verification report", "export.zip!/invoice.xml.sig", "export.zip!/tampered.xml.sig"}, false},
		{"valid pair on a phone", []string{abs(cmsDir + "/invoice.xml"), abs(cmsDir + "/invoice.xml.sig")}, "en", "valid", "The signature is valid",
			"signatures: 1, valid: 1", []string{"Signature verification report"}, true},
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
				chromedp.SetUploadFiles(chromedp.ID("files"), tt.files),
				chromedp.WaitVisible(chromedp.ID("result")),
			)
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
		})
	}
}
