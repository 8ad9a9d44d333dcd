package serve

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// reqError is a request the server refuses: the problem type and the
// detail said to the client.
type reqError struct {
	t      ProblemType
	detail string
}

func (e *reqError) Error() string { return "serve: " + e.detail }

func badRequest(format string, args ...any) *reqError {
	return &reqError{ProblemBadRequest, fmt.Sprintf(format, args...)}
}

// part is one uploaded file, written to the request's temporary directory.
type part struct {
	Field string // the form field
	Name  string // the client's file name, base name only
	Path  string // on disk
	Size  int64
}

// upload is a multipart request's files and fields. Files live in a
// temporary directory that Close removes: nothing uploaded outlives the
// request unless the caller takes the directory over (a kept job).
type upload struct {
	Dir    string
	Files  []*part
	Values map[string]string
}

// Close removes every file of the upload.
func (u *upload) Close() error {
	if u == nil || u.Dir == "" {
		return nil
	}
	return os.RemoveAll(u.Dir)
}

// files returns the files of field, in the order sent.
func (u *upload) files(field string) []*part {
	var out []*part
	for _, p := range u.Files {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

// file returns the one file of field, nil when none was sent.
func (u *upload) file(field string) (*part, error) {
	ps := u.files(field)
	switch len(ps) {
	case 0:
		return nil, nil
	case 1:
		return ps[0], nil
	}
	return nil, badRequest("field %q: %d files sent, one expected", field, len(ps))
}

// maxFieldValue bounds a form field that is not a file.
const maxFieldValue = 4 << 10

// readUpload reads a multipart/form-data body into a new temporary
// directory: the files of the fields in allowed (each capped at its
// limit, in bytes; the whole body at Limits.MaxUpload) and the plain
// fields. Anything else is a bad request, and a file or body over its
// limit is too-large. On error nothing stays on disk.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, allowed map[string]int64) (u *upload, err error) {
	return s.readUploadLimit(w, r, allowed, s.lim.MaxUpload)
}

// readUploadLimit is readUpload with a body limit of its own.
func (s *Server) readUploadLimit(w http.ResponseWriter, r *http.Request, allowed map[string]int64, body int64) (u *upload, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, body)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("expected a multipart/form-data body: %v", err)
	}
	dir, err := os.MkdirTemp(s.opts.TempDir, "gostverify-serve-*")
	if err != nil {
		return nil, err
	}
	up := &upload{Dir: dir, Values: map[string]string{}}
	u = up
	defer func() {
		// A return with values has set u to nil already: remove up.
		if err != nil {
			up.Close()
			u = nil
		}
	}()
	taken := map[string]bool{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return u, nil
		}
		if err != nil {
			return nil, bodyError(err, body)
		}
		field := p.FormName()
		if p.FileName() == "" {
			if _, ok := allowed[field]; ok {
				return nil, badRequest("field %q must be a file", field)
			}
			v, err := io.ReadAll(io.LimitReader(p, maxFieldValue+1))
			if err != nil {
				return nil, bodyError(err, body)
			}
			if len(v) > maxFieldValue {
				return nil, badRequest("field %q is longer than %d bytes", field, maxFieldValue)
			}
			u.Values[field] = string(v)
			continue
		}
		limit, ok := allowed[field]
		if !ok {
			return nil, badRequest("unexpected file field %q", field)
		}
		name := safeName(p.FileName())
		disk := name
		for i := 2; taken[disk]; i++ {
			ext := filepath.Ext(name)
			disk = strings.TrimSuffix(name, ext) + "~" + strconv.Itoa(i) + ext
		}
		taken[disk] = true
		f := &part{Field: field, Name: name, Path: filepath.Join(dir, disk)}
		if err := writePart(f, p, limit, body); err != nil {
			return nil, err
		}
		u.Files = append(u.Files, f)
	}
}

// writePart copies a part to its file, at most limit bytes.
func writePart(f *part, r io.Reader, limit, body int64) error {
	out, err := os.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, io.LimitReader(r, limit+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return bodyError(err, body)
	}
	if n > limit {
		return &reqError{ProblemTooLarge, fmt.Sprintf("field %q: file %q is larger than %d bytes", f.Field, f.Name, limit)}
	}
	f.Size = n
	return nil
}

// bodyError says what went wrong reading the body: over the limit, or
// malformed.
func bodyError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &reqError{ProblemTooLarge, fmt.Sprintf("the request body is larger than %d bytes", limit)}
	}
	return badRequest("reading the request body: %v", err)
}

// safeName is the base name of a client's file name, with no directory,
// no leading dots and no control characters; "file" when nothing is left.
func safeName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = name[strings.LastIndexByte(name, '/')+1:]
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(name, ".")
	if name == "" {
		return "file"
	}
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	return name
}
