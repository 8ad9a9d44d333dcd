package edo

import (
	"reflect"
	"testing"
)

// TestReadFNS: hand-made manifests in the structure of the FNS transport
// container's schema (ММВ-7-6/535@, tables 4.1-4.7; testdata/README.md).
func TestReadFNS(t *testing.T) {
	c := &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}
	tests := []struct {
		name  string
		file  string
		files []File
		want  *Layout
	}{
		{
			name: "invoice, windows-1251",
			file: "testdata/fns-transport/packageDescription.xml",
			files: names("packageDescription.xml",
				"0a1b2c3d4e5f60718293a4b5c6d7e8f9.bin", "9f8e7d6c5b4a39281706f5e4d3c2b1a0.bin",
				"1b2c3d4e5f60718293a4b5c6d7e8f90a.bin", "aa8e7d6c5b4a39281706f5e4d3c2b1a0.bin", "readme.txt"),
			want: &Layout{
				Kind: KindFNSTransport, Manifest: "packageDescription.xml",
				Documents: []Document{
					{File: "0a1b2c3d4e5f60718293a4b5c6d7e8f9.bin", Title: "ON_NSCHFDOPPR_2AE666_2AE111_20240115_0a1b2c3d.xml",
						Type: "счетфактура", Signatures: []string{"9f8e7d6c5b4a39281706f5e4d3c2b1a0.bin"}, Roles: []string{"абонент"}},
					{File: "1b2c3d4e5f60718293a4b5c6d7e8f90a.bin", Type: "подтверждениеДатыОтправки",
						Signatures: []string{"aa8e7d6c5b4a39281706f5e4d3c2b1a0.bin"}, Roles: []string{"спецоператор"}},
				},
				Unlisted: []string{"readme.txt"},
			},
		},
		{
			name:  "paths, packing, a document without content, missing files",
			file:  "testdata/fns-transport/two-signatures-utf8.xml",
			files: names("packageDescription.xml", "docs/declaration.bin", "docs/declaration.sig1", "poa.bin"),
			want: &Layout{
				Kind: KindFNSTransport, Manifest: "packageDescription.xml",
				Documents: []Document{
					{File: "docs/declaration.bin", Type: "декларация", Packing: "compressed",
						Signatures: []string{"docs/declaration.sig1", "docs/declaration.sig2"}, Roles: []string{"абонент", "представитель"}},
					{File: "poa.bin", Type: "доверенность", Packing: "encrypted"},
				},
				Missing:  []string{"docs/declaration.sig2", "orphan.sig"},
				Unpaired: []string{"orphan.sig"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(c, readFile(t, tt.file), tt.files)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadFNSRefuses(t *testing.T) {
	c := &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}
	doc := func(attrs, inner string) string {
		return `<ТрансИнф версияФормата="ФНС:1.0"><документ типДокумента="x" ` + attrs + `>` + inner + `</документ></ТрансИнф>`
	}
	flags := `сжат="false" зашифрован="false"`
	tests := []struct {
		name, data string
		reason     Reason
		element    string
	}{
		{"no сжат", doc(`зашифрован="false"`, ``), MissingAttribute, "ТрансИнф/документ[1]@сжат"},
		{"bad flag", doc(`сжат="yes" зашифрован="false"`, ``), BadValue, "ТрансИнф/документ[1]@сжат"},
		{"two contents", doc(flags, `<содержимое имяФайла="a"/><содержимое имяФайла="b"/>`), BadValue, "ТрансИнф/документ[1]/содержимое[2]"},
		{"no file name", doc(flags, `<содержимое/>`), MissingAttribute, "ТрансИнф/документ[1]/содержимое[1]@имяФайла"},
		{"absolute", doc(flags, `<содержимое имяФайла="/etc/passwd"/>`), UnsafePath, "ТрансИнф/документ[1]/содержимое[1]@имяФайла"},
		{"dot dot", doc(flags, `<содержимое имяФайла="a"/><подпись имяФайла="../a.sig" роль="абонент"/>`), UnsafePath, "ТрансИнф/документ[1]/подпись[1]@имяФайла"},
		{"backslash", doc(flags, `<содержимое имяФайла="dir\a"/>`), UnsafePath, "ТрансИнф/документ[1]/содержимое[1]@имяФайла"},
		{"no role", doc(flags, `<содержимое имяФайла="a"/><подпись имяФайла="a.sig"/>`), MissingAttribute, "ТрансИнф/документ[1]/подпись[1]@роль"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(c, []byte(tt.data), nil)
			e := wantReason(t, err, tt.reason)
			if e.Element != tt.element {
				t.Errorf("element %q, want %q", e.Element, tt.element)
			}
		})
	}
}
