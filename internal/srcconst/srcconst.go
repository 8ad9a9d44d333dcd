// Package srcconst reads a package's string constants of a named type from
// its source, so that a test can require something of every one — a
// translation, an explanation — and fail when a new one is added without
// it.
package srcconst

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// Const is one constant found.
type Const struct {
	File, Package, Type, Name, Value string
}

// Read returns the constants declared in files (test files are skipped)
// whose declared type is named one of types (T or pkg.T). Such a constant
// whose value is not a string literal is an error.
func Read(files []string, types ...string) ([]Const, error) {
	var out []Const
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				typ := typeName(vs.Type)
				if !contains(types, typ) {
					continue
				}
				for i, n := range vs.Names {
					var lit *ast.BasicLit
					if i < len(vs.Values) {
						lit, _ = vs.Values[i].(*ast.BasicLit)
					}
					if lit == nil || lit.Kind != token.STRING {
						return nil, fmt.Errorf("%s: %s %s is not a string literal", name, typ, n.Name)
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						return nil, err
					}
					out = append(out, Const{name, f.Name.Name, typ, n.Name, v})
				}
			}
		}
	}
	return out, nil
}

// typeName is T for T and pkg.T, "" for anything else.
func typeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
