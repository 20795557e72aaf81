package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"dateline/internal/content"
)

// maxJSONBody caps a JSON request. A story may be 1 MB of source, and JSON
// escaping can nearly double that (every quote and line break takes two
// bytes), so the cap is twice the story plus a megabyte for the rest.
const maxJSONBody = 2*content.MaxSource + 1<<20

// readJSON decodes the request's body, a JSON object, into dst (a pointer
// to a struct whose fields all have json tags) and returns the names of the
// fields the client sent, null ones included, so that a partial update
// changes only those. Anything it cannot take is refused with 400 (413 for
// a body over the cap, 415 for another content type), naming the field
// where there is one.
func readJSON(w http.ResponseWriter, r *http.Request, dst any) (map[string]bool, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return nil, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
				Message: "Send the request body as JSON, with Content-Type: application/json."}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, tooLarge(tooBig.Limit)
	case err != nil:
		return nil, &Error{Status: http.StatusBadRequest, Code: "malformed_json", Message: "The request body could not be read in full."}
	case len(bytes.TrimSpace(body)) == 0:
		return nil, &Error{Status: http.StatusBadRequest, Code: "malformed_json", Message: "The request body is empty; send a JSON object."}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, jsonProblem(err, dst)
	}
	if fields == nil {
		return nil, notAnObject
	}
	known := jsonNames(dst)
	sent := make(map[string]bool, len(fields))
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if !slices.Contains(known, name) {
			return nil, &Error{Status: http.StatusBadRequest, Code: "unknown_field", Field: name,
				Message: fmt.Sprintf("%q is not a field this request takes; it takes %s.", name, strings.Join(known, ", "))}
		}
		sent[name] = true
	}
	if err := json.Unmarshal(body, dst); err != nil {
		return nil, jsonProblem(err, dst)
	}
	return sent, nil
}

var notAnObject = &Error{Status: http.StatusBadRequest, Code: "malformed_json", Message: "The request body must be a JSON object."}

// jsonProblem explains why a body did not decode.
func jsonProblem(err error, dst any) *Error {
	var (
		e      *Error
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &syntax):
		return &Error{Status: http.StatusBadRequest, Code: "malformed_json",
			Message: fmt.Sprintf("The request body is not valid JSON (at byte %d).", syntax.Offset)}
	case errors.As(err, &typ) && typ.Field != "":
		field := withoutIndexes(typ.Field)
		want := kindWords(typ.Type)
		if f, ok := fieldType(dst, field); ok && f.Kind() == reflect.Slice && f != typ.Type {
			want = kindWords(f) // an item of the list was wrong
		}
		return badField(field, fmt.Sprintf("%s must be %s, not %s.", field, want, valueWords(typ.Value)))
	case errors.As(err, &typ):
		return notAnObject
	}
	return &Error{Status: http.StatusBadRequest, Code: "malformed_json", Message: "The request body is not valid JSON."}
}

// withoutIndexes is a field's path without the positions in lists that
// newer releases of encoding/json add ("tags.0" for the first tag): the
// message names the field, and says the list holds the wrong kind.
func withoutIndexes(path string) string {
	parts := strings.Split(path, ".")
	kept := parts[:0]
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return path
	}
	return strings.Join(kept, ".")
}

// kindWords names a Go type the way a JSON client thinks of it.
func kindWords(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list of " + strings.TrimPrefix(strings.TrimPrefix(kindWords(t.Elem()), "a "), "an ") + "s"
	}
	return "an object"
}

// valueWords says what kind of JSON value a client sent.
func valueWords(v string) string {
	kind, _, _ := strings.Cut(v, " ") // "number 1e400"
	switch kind {
	case "array":
		return "a list"
	case "object":
		return "an object"
	case "bool":
		return "true or false"
	case "number", "string":
		return "a " + kind
	}
	return v
}

// fieldType is the type, pointers removed, of the field of the struct dst
// points to whose json name is name.
func fieldType(dst any, name string) (reflect.Type, bool) {
	t := reflect.TypeOf(dst).Elem()
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); tag == name {
			ft := t.Field(i).Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			return ft, true
		}
	}
	return nil, false
}

// jsonNames lists the json names of the fields of the struct dst points to.
func jsonNames(dst any) []string {
	t := reflect.TypeOf(dst).Elem()
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// tooLarge is 413 for a body over limit bytes.
func tooLarge(limit int64) *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
		Message: fmt.Sprintf("The request is too large: at most %s may be sent.", sizeWords(limit))}
}

// sizeWords says a size in whole megabytes or kilobytes where it is one.
func sizeWords(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
