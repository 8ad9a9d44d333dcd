package batch

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// maxPOASize bounds an МЧД file found among the inputs: a few kilobytes in
// practice.
const maxPOASize = 4 << 20

// isPOAName reports whether name is the file name format 003 gives a
// machine-readable power of attorney: its ИдФайл, ON_EMCHD_… (the tax
// variant ON_DOVEL_…), with .xml, in any case.
func isPOAName(name string) bool {
	n := strings.ToUpper(name)
	return strings.HasSuffix(n, ".XML") && (strings.HasPrefix(n, "ON_EMCHD_") || strings.HasPrefix(n, "ON_DOVEL_"))
}

// scopedPOA is a power of attorney and the signatures it may judge: those
// in folder dir, when set, else those whose path starts with prefix (""
// for all: --poa).
type scopedPOA struct {
	poa         *verify.POA
	dir, prefix string
}

// scopeOf is where a power of attorney found at path may judge
// signatures: every entry of its archive (the innermost), else its folder
// on disk.
func scopeOf(p *verify.POA, path string) scopedPOA {
	if i := strings.LastIndex(path, "!/"); i >= 0 {
		return scopedPOA{poa: p, prefix: path[:i+2]}
	}
	return scopedPOA{poa: p, dir: filepath.Dir(path)}
}

// poasFor are the powers of attorney that may judge the signature at path.
func (r *run) poasFor(path string) []*verify.POA {
	var out []*verify.POA
	for _, p := range r.poas {
		if p.dir != "" && filepath.Dir(path) == p.dir || p.dir == "" && strings.HasPrefix(path, p.prefix) {
			out = append(out, p.poa)
		}
	}
	return out
}

// loadPOAs reads and checks the powers of attorney among the group's
// files (isPOAName), each with its detached signature beside it (.sig,
// .p7s, .sgn), and returns them after Options.POAFiles': the powers the
// group's signatures are judged by, each applied to a signature of its
// folder or archive (scopeOf) whose signer it names as representative.
// Those already loaded (by their path) are left out.
func (r *run) loadPOAs(loaded map[string]bool) []scopedPOA {
	var out []scopedPOA
	for _, p := range r.global {
		out = append(out, scopedPOA{poa: p})
	}
	for _, in := range r.files {
		if in.Err != nil || !isPOAName(in.Name) || loaded[in.Path] || r.ctx.Err() != nil {
			continue
		}
		data, err := readLimited(in, maxPOASize)
		f := verify.POAFile{Name: in.Path, Data: data}
		if err != nil {
			f.Data = nil // an unreadable file is a malformed power: poa.Parse says so
		}
		for _, ext := range []string{".sig", ".p7s", ".sgn"} {
			if sig := r.idx[in.Dir][in.Name+ext]; sig != nil && sig.Err == nil {
				if data, err := readLimited(sig, MaxSignatureSize); err == nil {
					f.SignatureName, f.Signature = sig.Path, data
					break
				}
			}
		}
		out = append(out, scopeOf(r.v.LoadPOA(r.ctx, f), in.Path))
	}
	return out
}

// readLimited reads an input of at most max bytes.
func readLimited(in *Input, max int64) ([]byte, error) {
	rc, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(io.LimitReader(rc, max+1)); err != nil {
		return nil, err
	}
	if int64(b.Len()) > max {
		return nil, inErr(nil, i18n.DetailTooLargeFor, in.Path, max)
	}
	return b.Bytes(), nil
}
