package main

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// commandsOfRun reads the commands run dispatches on from its source: the
// string cases of its switch on args[0], with the word that must follow
// when a case checks args[1] ("user add"). Read from the code, so that a
// command added there and not to the help fails this test.
func commandsOfRun(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "run.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	ast.Inspect(f, func(n ast.Node) bool {
		fn, ok := n.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "run" {
			return true
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || !isArg(sw.Tag, 0) {
				return true
			}
			for _, c := range sw.Body.List {
				clause := c.(*ast.CaseClause)
				sub := subcommand(clause)
				for _, e := range clause.List {
					lit, ok := e.(*ast.BasicLit)
					if !ok {
						continue
					}
					name, _ := strconv.Unquote(lit.Value)
					if strings.HasPrefix(name, "-") {
						continue // --help, --version: spellings of help and version
					}
					cmds = append(cmds, strings.TrimSpace(name+" "+sub))
				}
			}
			return false
		})
		return false
	})
	return cmds
}

// isArg reports whether e is args[i].
func isArg(e ast.Expr, i int) bool {
	ix, ok := e.(*ast.IndexExpr)
	if !ok {
		return false
	}
	id, ok := ix.X.(*ast.Ident)
	lit, ok2 := ix.Index.(*ast.BasicLit)
	return ok && ok2 && id.Name == "args" && lit.Value == strconv.Itoa(i)
}

// subcommand is the word a case compares args[1] with, if any.
func subcommand(clause *ast.CaseClause) string {
	var word string
	ast.Inspect(clause, func(n ast.Node) bool {
		b, ok := n.(*ast.BinaryExpr)
		if ok && isArg(b.X, 1) {
			if lit, ok := b.Y.(*ast.BasicLit); ok {
				word, _ = strconv.Unquote(lit.Value)
			}
		}
		return word == ""
	})
	return word
}

func TestHelpListsEveryCommand(t *testing.T) {
	cmds := commandsOfRun(t)
	if len(cmds) < 8 {
		t.Fatalf("found only %q in run's switch; has it changed shape?", cmds)
	}
	for _, args := range [][]string{{"--help"}, {"help"}, {"-h"}} {
		var out, errOut strings.Builder
		if code := run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errOut); code != 0 {
			t.Fatalf("dateline %s exits %d", args[0], code)
		}
		for _, c := range cmds {
			if !strings.Contains(out.String(), "\n  dateline "+c+" ") && !strings.Contains(out.String(), "\n  dateline "+c+"\n") {
				t.Errorf("dateline %s does not list %q:\n%s", args[0], "dateline "+c, out.String())
			}
		}
	}
}
