package batch

import (
	"os"
	"path/filepath"
	"testing"
)

func TestExtendedPath(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{"/data/a/x.sig", "/out/data/a/x.sig"},
		{"/data/a.zip!/d/x.sig", "/out/data/a.zip/d/x.sig"},
		{"/data/a.zip!/in.zip!/x.sig", "/out/data/a.zip/in.zip/x.sig"},
		{"rel/x.sig", filepath.Join("/out", wd, "rel/x.sig")},
		{"../up/x.sig", filepath.Join("/out", filepath.Dir(wd), "up/x.sig")},
	} {
		if got := ExtendedPath("/out", c.path); got != c.want {
			t.Errorf("ExtendedPath(/out, %s) = %s, want %s", c.path, got, c.want)
		}
	}
}
