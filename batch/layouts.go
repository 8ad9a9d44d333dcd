package batch

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/gostverify/gostverify/edo"
	"github.com/gostverify/gostverify/verify"
)

// manifestPair is a signature file paired with its document by an EDO
// container's own description (package edo).
type manifestPair struct {
	doc    *Input
	layout string // edo's layout kind, "fns-transport", "taxcom"
}

// readLayouts reads the descriptions of EDO export containers among the
// group's files: in each folder (pairing scope) whose files edo.Detect
// recognises, the manifest's documents and their signatures — whatever
// the files are named (an FNS transport container names them by GUID,
// .bin) — and the powers of attorney it attaches. A manifest that cannot
// be read is a warning of the run, and the folder is paired by names and
// digests as any other; so is a document the manifest says is compressed
// or encrypted (its file is not the signed content).
func (r *run) readLayouts() (map[string]manifestPair, []layoutPOA) {
	pairs := map[string]manifestPair{}
	var poas []layoutPOA
	for dir, here := range r.idx {
		if here["packageDescription.xml"] == nil && here["meta.xml"] == nil {
			continue // cheap: no description at this folder's root
		}
		byName, prefix := r.under(dir)
		var files []edo.File
		for name, in := range byName {
			if in.Err == nil {
				files = append(files, edo.File{Name: name, Size: in.Size})
			}
		}
		slices.SortFunc(files, func(a, b edo.File) int { return strings.Compare(a.Name, b.Name) })
		c := edo.Detect(files)
		if c == nil {
			continue
		}
		data, err := readLimited(byName[c.Manifest], edo.MaxManifestSize)
		var l *edo.Layout
		if err == nil {
			l, err = edo.Read(c, data, files)
		}
		if err == nil && c.Warrants != "" {
			var w []byte
			if w, err = readLimited(byName[c.Warrants], edo.MaxManifestSize); err == nil {
				err = l.AddWarrants(c, w, files)
			}
		}
		if err != nil {
			r.warn(errorIn(err, r.lang()))
			continue
		}
		for _, d := range l.Documents {
			doc := byName[d.File]
			if doc == nil || d.Packing != "" {
				continue
			}
			for _, s := range d.Signatures {
				if sig := byName[s]; sig != nil {
					pairs[sig.Path] = manifestPair{doc: doc, layout: l.Kind}
				}
			}
			for _, p := range d.POAs {
				poas = append(poas, layoutPOA{r.poaFile(byName, p), prefix})
			}
		}
		for _, p := range l.POAs {
			poas = append(poas, layoutPOA{r.poaFile(byName, p), prefix})
		}
	}
	return pairs, poas
}

// layoutPOA is a power of attorney a container's description names, and
// the prefix of the container's paths: the signatures it may judge.
type layoutPOA struct {
	file   verify.POAFile
	prefix string
}

// under returns the group's files in folder dir and below it, by their
// "/"-separated names relative to dir: a container's files as its
// description names them; and the prefix of their paths. r.files is
// sorted by path, so they are one run.
func (r *run) under(dir string) (map[string]*Input, string) {
	prefix := dir + string(filepath.Separator)
	if strings.HasSuffix(dir, "!/.") { // an archive's root
		prefix = strings.TrimSuffix(dir, ".")
	} else if strings.Contains(dir, "!/") {
		prefix = dir + "/"
	}
	out := map[string]*Input{}
	i, _ := slices.BinarySearchFunc(r.files, prefix, func(in *Input, p string) int { return strings.Compare(in.Path, p) })
	for ; i < len(r.files) && strings.HasPrefix(r.files[i].Path, prefix); i++ {
		out[filepath.ToSlash(strings.TrimPrefix(r.files[i].Path, prefix))] = r.files[i]
	}
	return out, prefix
}

// poaFile reads a power of attorney a manifest names; one that cannot be
// read is kept with no data (it is then a malformed power).
func (r *run) poaFile(byName map[string]*Input, p edo.POA) verify.POAFile {
	f := verify.POAFile{Name: p.File}
	if in := byName[p.File]; in != nil {
		f.Name = in.Path
		if data, err := readLimited(in, maxPOASize); err == nil {
			f.Data = data
		}
	}
	if in := byName[p.Signature]; in != nil {
		if data, err := readLimited(in, MaxSignatureSize); err == nil {
			f.SignatureName, f.Signature = in.Path, data
		}
	}
	return f
}
