package tsl

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
)

// TestFetch downloads lists from a local server, as `gostverify tsl
// update` will: the body comes back whole, within the list's bounds, not
// the fetch defaults; failures are *fetch.Error with their class.
func TestFetch(t *testing.T) {
	v1 := readFile(t, "testdata/list_v1.xml")
	big := make([]byte, fetch.DefaultMaxSize+1) // over the fetch default, under the list's
	copy(big, v1)
	mux := http.NewServeMux()
	mux.HandleFunc("/getxml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Write(v1)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(big) })
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!DOCTYPE html><html><body>Технические работы</body></html>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()

	data, att, err := Fetch(ctx, nil, srv.URL+"/getxml")
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(v1) || att.Status != 200 || att.Bytes != int64(len(v1)) {
		t.Fatalf("%d bytes, attempt %+v", len(data), att)
	}
	if _, err := Read(data, Options{}); err != nil {
		t.Fatal(err)
	}

	if data, _, err := Fetch(ctx, &fetch.Client{}, srv.URL+"/big"); err != nil || len(data) != len(big) {
		t.Fatalf("%d bytes, %v", len(data), err)
	}
	var fe *fetch.Error
	_, _, err = Fetch(ctx, &fetch.Client{MaxSize: 1000}, srv.URL+"/big")
	if !errors.As(err, &fe) || fe.Class != fetch.TooLarge {
		t.Fatalf("%v, want %s", err, fetch.TooLarge)
	}
	_, _, err = Fetch(ctx, nil, srv.URL+"/html")
	if !errors.As(err, &fe) || fe.Class != fetch.HTML {
		t.Fatalf("%v, want %s", err, fetch.HTML)
	}
	_, att, err = Fetch(ctx, &fetch.Client{Offline: true}, srv.URL+"/getxml")
	if !errors.As(err, &fe) || fe.Class != fetch.Offline || att.Class != fetch.Offline {
		t.Fatalf("%v, want %s", err, fetch.Offline)
	}
}

// TestStoreLoad: a cache directory keeps the newest edition with its
// version and date.
func TestStoreLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tsl")
	v1, v2 := readFile(t, "testdata/list_v1.xml"), readFile(t, "testdata/list_v2.xml")

	if _, err := Load(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("empty cache: %v", err)
	}
	h, err := Store(dir, v1)
	if err != nil || h.Version != 1001 {
		t.Fatalf("%+v %v", h, err)
	}
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 1001 || !c.Date.Equal(date("2026-12-01T10:00:00+03:00")) || string(c.Data) != string(v1) ||
		time.Since(c.Stored) > time.Minute {
		t.Fatalf("%d %v %d bytes, stored %v", c.Version, c.Date, len(c.Data), c.Stored)
	}
	if age := c.Age(date("2026-12-08T10:00:00+03:00")); age != 7*24*time.Hour {
		t.Errorf("age %v", age)
	}

	// The second edition replaces the first; the first cannot come back.
	if h, err := Store(dir, v2); err != nil || h.Version != 1002 {
		t.Fatalf("%+v %v", h, err)
	}
	_, err = Store(dir, v1)
	var se *StaleError
	if !errors.As(err, &se) || se.Stored.Version != 1002 || se.New.Version != 1001 {
		t.Fatalf("%v", err)
	}
	if c, err := Load(dir); err != nil || c.Version != 1002 || string(c.Data) != string(v2) {
		t.Fatalf("%v %v", c, err)
	}
	// The same edition again is fine.
	if _, err := Store(dir, v2); err != nil {
		t.Fatal(err)
	}

	// What is not a list is not stored.
	var pe *ParseError
	if _, err := Store(dir, []byte("<html/>")); !errors.As(err, &pe) {
		t.Fatalf("%v", err)
	}
	// A broken cache file says so.
	if err := os.WriteFile(filepath.Join(dir, File), []byte("<АккредитованныеУдостоверяющиеЦентры>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); !errors.As(err, &pe) {
		t.Fatalf("%v", err)
	}
	// A list whose header follows its CAs is read through.
	s := string(readFile(t, "testdata/list_unsigned.xml"))
	moved := []byte(repl("  <Версия>1001</Версия>\n  <Дата>2026-12-01T10:00:00+03:00</Дата>\n", "", 1)(s))
	moved = []byte(repl("</АккредитованныеУдостоверяющиеЦентры>", "<Версия>1003</Версия><Дата>2027-03-01T10:00:00+03:00</Дата></АккредитованныеУдостоверяющиеЦентры>", 1)(string(moved)))
	if h, err := Store(dir, moved); err != nil || h.Version != 1003 {
		t.Fatalf("%+v %v", h, err)
	}
}
