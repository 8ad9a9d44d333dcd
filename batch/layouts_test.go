package batch

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fnsContainer is an FNS transport container's description (edo's
// fns-transport layout): an invoice and its signature under GUID names,
// as the transport container names its files.
const fnsContainer = `<?xml version="1.0" encoding="UTF-8"?>
<ТрансИнф версияФормата="ФНС:1.0" типДокументооборота="СчетФактура" кодТипаДокументооборота="20" типТранзакции="СчетФактураПродавец" кодТипаТранзакции="01" идентификаторДокументооборота="5f0c2f3e9a0b4c6d8e1f203a4b5c6d7e">
  <отправитель идентификаторСубъекта="2AE11111111-2222-3333-4444-555555555555" типСубъекта="абонент"/>
  <получатель идентификаторСубъекта="2AE66666666-7777-8888-9999-000000000000" типСубъекта="абонент"/>
  <документ кодТипаДокумента="01" типДокумента="счетфактура" типСодержимого="xml" сжат="false" зашифрован="false" идентификаторДокумента="0a1b2c3d4e5f60718293a4b5c6d7e8f9" исходноеИмяФайла="invoice.xml">
    <содержимое имяФайла="0a1b2c3d4e5f60718293a4b5c6d7e8f9.bin"/>
    <подпись имяФайла="9f8e7d6c5b4a39281706f5e4d3c2b1a0.bin" роль="абонент"/>
  </документ>
</ТрансИнф>
`

// TestRunLayouts: a transport container's signature, named .bin, is found
// and paired with its document by the container's description, in a
// folder and in a zip; a description that cannot be read is a warning
// and leaves the folder to names and digests.
func TestRunLayouts(t *testing.T) {
	opts := batchOptions(t)
	doc, err := os.ReadFile(filepath.Join(cmsDir, "invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(filepath.Join(cmsDir, "invoice.xml.sig"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"packageDescription.xml":               []byte(fnsContainer),
		"0a1b2c3d4e5f60718293a4b5c6d7e8f9.bin": doc,
		"9f8e7d6c5b4a39281706f5e4d3c2b1a0.bin": sig,
	}
	folder, zipped := folderAndZip(t, "tk", files)
	for _, in := range []string{folder, zipped} {
		rep, err := Run(context.Background(), []string{in}, opts)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range rep.Entries {
			if strings.HasSuffix(e.Path, "9f8e7d6c5b4a39281706f5e4d3c2b1a0.bin") {
				found = true
				if e.Kind != KindSignature || e.Status != Valid || e.Pairing != PairedManifest || e.Layout != "fns-transport" ||
					!strings.HasSuffix(e.Document, "0a1b2c3d4e5f60718293a4b5c6d7e8f9.bin") {
					t.Errorf("%s: %s %s pairing %q layout %q document %q (%s)", e.Path, e.Kind, e.Status, e.Pairing, e.Layout, e.Document, e.Reason)
				}
			}
			if strings.HasSuffix(e.Path, "0a1b2c3d4e5f60718293a4b5c6d7e8f9.bin") && (e.Status != Valid || len(e.Signatures) != 1) {
				t.Errorf("%s: %s, signatures %q", e.Path, e.Status, e.Signatures)
			}
		}
		if !found || rep.Summary.Signatures != 1 || len(rep.Warnings) != 0 {
			t.Errorf("%s: %+v, warnings %q", in, rep.Summary, rep.Warnings)
		}
	}

	// A broken description: a warning, and the .bin files are no
	// signatures by name.
	os.WriteFile(filepath.Join(folder, "packageDescription.xml"), []byte("<ТрансИнф версияФормата=\"ФНС:1.0\">"), 0o644)
	rep, err := Run(context.Background(), []string{folder}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "packageDescription.xml") || rep.Summary.Signatures != 0 {
		t.Errorf("warnings %q, %+v", rep.Warnings, rep.Summary)
	}
}

// folderAndZip writes files into a folder named name and into name.zip,
// in a temporary directory, and returns both paths.
func folderAndZip(t *testing.T, name string, files map[string][]byte) (folder, zipped string) {
	t.Helper()
	dir := t.TempDir()
	folder, zipped = filepath.Join(dir, name), filepath.Join(dir, name+".zip")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(zipped)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	for n, data := range files {
		if err := os.WriteFile(filepath.Join(folder, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	return folder, zipped
}

// TestRunLayoutTaxcom: a Taxcom container (meta.xml, warrant.xml) with
// its files in folders: the employee's signature of testdata/poa's
// document is paired by the description, and judged by the МЧД the
// warrant names (not checked against the registry: no registry given).
func TestRunLayoutTaxcom(t *testing.T) {
	poaDir := filepath.Join("..", "testdata", "poa")
	mchd := "ON_EMCHD_20260101_5a1f0c3e-7b2d-4e8a-9c41-202600000001.xml"
	dir := filepath.Join(t.TempDir(), "taxcom")
	copyTo := func(from, to string) {
		data, err := os.ReadFile(filepath.Join(poaDir, from))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, to)), 0o755)
		os.WriteFile(filepath.Join(dir, to), data, 0o644)
	}
	copyTo("doc.xml", "MainDocument/invoice.xml")
	copyTo("doc.xml.sig", "MainDocument/seller.bin")
	copyTo(mchd, "Warrants/"+mchd)
	copyTo(mchd+".sig", "Warrants/"+mchd+".sig")
	os.WriteFile(filepath.Join(dir, "meta.xml"), []byte(`<?xml version="1.0" encoding="utf-8"?>
<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta">
  <DocFlow Id="8d7f5e6a-1b2c-4d3e-9f00-112233445566" Status="Succeed">
    <Documents>
      <Document ReglamentCode="UniversalTransferDocument" TransactionCode="MainDocument">
        <Files>
          <MainImage Path="MainDocument/invoice.xml" Name="invoice.xml"/>
          <MainImageSignature Path="MainDocument/seller.bin"/>
        </Files>
      </Document>
    </Documents>
  </DocFlow>
</ContainerDescription>
`), 0o644)
	os.WriteFile(filepath.Join(dir, "warrant.xml"), []byte(`<?xml version="1.0" encoding="utf-8"?>
<Warrant xmlns="http://api-invoice.taxcom.ru/warrant">
  <WarrantCard>
    <Description>
      <Files>
        <WarrantImage Path="Warrants/`+mchd+`"/>
        <WarrantSignature Path="Warrants/`+mchd+`.sig"/>
      </Files>
    </Description>
    <ToSign>
      <DocSign file="MainDocument/seller.bin"/>
    </ToSign>
  </WarrantCard>
</Warrant>
`), 0o644)
	opts := poaBatchOptions(t, nil)
	rep, err := Run(context.Background(), []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range rep.Entries {
		if strings.HasSuffix(e.Path, "seller.bin") {
			found = true
			if e.Status != Valid || e.Pairing != PairedManifest || e.Layout != "taxcom" || e.POA != "indeterminate" {
				t.Errorf("%s: %s pairing %q layout %q power of attorney %q (%s)", e.Path, e.Status, e.Pairing, e.Layout, e.POA, e.Reason)
			}
		}
	}
	if !found || len(rep.Warnings) != 0 {
		t.Errorf("found %v, warnings %q", found, rep.Warnings)
	}
}
