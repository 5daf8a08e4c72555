#!/bin/sh
# Writes a small Go module under a scratch directory and records what `go test` writes about it:
# the test2json event streams in ../go-test-json/ and the coverprofiles in ../go-cover/, with
# `go tool cover -func` output beside each profile as the oracle. Needs Go (Debian's golang-go).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
json_out="$here"
cover_out="$here/../go-cover"
work=$(mktemp -d /tmp/gates-go.XXXXXX)
export GOFLAGS=-mod=mod GOCACHE="$work/cache" GOPATH="$work/gopath" GOTOOLCHAIN=local GO111MODULE=on
mkdir -p "$work/mod/shapes" "$work/mod/textutil" "$work/mod/broken"
cd "$work/mod"
cat > go.mod <<'GO'
module example.com/inventory

go 1.19
GO
cat > shapes/shapes.go <<'GO'
// Package shapes measures simple figures.
package shapes

import "errors"

// Area of a rectangle; negative sides are refused.
func Area(width, height int) (int, error) {
	if width < 0 || height < 0 {
		return 0, errors.New("negative side")
	}
	return width * height, nil
}

// Perimeter of a rectangle.
func Perimeter(width, height int) int {
	return 2 * (width + height)
}

// Classify names a rectangle by its sides.
func Classify(width, height int) string {
	switch {
	case width == height:
		return "square"
	case width > height:
		return "wide"
	default:
		return "tall"
	}
}
GO
cat > shapes/shapes_test.go <<'GO'
package shapes

import "testing"

func TestArea(t *testing.T) {
	cases := []struct {
		name          string
		width, height int
		want          int
	}{
		{"unit", 1, 1, 1},
		{"wide", 3, 2, 6},
		{"zero", 0, 5, 0},
	}
	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			got, err := Area(c.width, c.height)
			if err != nil || got != c.want {
				t.Errorf("Area(%d, %d) = %d, %v; want %d", c.width, c.height, got, err, c.want)
			}
		})
	}
}

func TestAreaRefusesNegative(t *testing.T) {
	if _, err := Area(-1, 2); err == nil {
		t.Fatal("expected an error")
	}
}

func TestClassify(t *testing.T) {
	t.Run("square", func(t *testing.T) {
		if got := Classify(2, 2); got != "square" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("wide", func(t *testing.T) {
		if got := Classify(3, 2); got != "tall" {
			t.Errorf("Classify(3, 2) = %q, want %q", got, "tall")
		}
	})
	t.Run("skipped", func(t *testing.T) {
		t.Skip("not measured on this platform")
	})
}

func TestPerimeterLater(t *testing.T) {
	t.Skip("perimeter rules are being rewritten")
}

func TestPerimeter(t *testing.T) {
	if got := Perimeter(2, 3); got != 11 {
		t.Fatalf("Perimeter(2, 3) = %d, want 11", got)
	}
}
GO
cat > textutil/textutil.go <<'GO'
// Package textutil shortens text.
package textutil

// Truncate cuts s to at most n bytes and marks the cut.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n < 1 {
		return ""
	}
	return s[:n-1] + "~"
}

// Words counts the words of s.
func Words(s string) int {
	count, inWord := 0, false
	for _, r := range s {
		if r == ' ' {
			inWord = false
		} else if !inWord {
			inWord = true
			count++
		}
	}
	return count
}
GO
cat > textutil/textutil_test.go <<'GO'
package textutil

import "testing"

func TestTruncate(t *testing.T) {
	for i := 0; i < 3; i++ {
		if got := Truncate("hello", 10); got != "hello" {
			t.Fatalf("got %q", got)
		}
	}
	if got := Truncate("hello", 3); got != "he~" {
		t.Fatalf("got %q", got)
	}
}

func TestWords(t *testing.T) {
	if got := Words("two  words"); got != 2 {
		t.Fatalf("got %d", got)
	}
}

func TestWordsPanics(t *testing.T) {
	var counts map[string]int
	counts["words"] = Words("a b")
}
GO
cat > broken/broken.go <<'GO'
// Package broken does not compile.
package broken

func Broken() int {
	return undefinedName
}
GO
cat > broken/broken_test.go <<'GO'
package broken

import "testing"

func TestBroken(t *testing.T) {
	_ = Broken()
}
GO
# Every package, the broken one included: go test exits 1.
go test -json ./... > "$json_out/all-packages.jsonl" || true
go test ./... > "$json_out/all-packages.report.txt" 2>&1 || true
go test -v ./... > "$json_out/all-packages.verbose.txt" 2>&1 || true
# The packages that build, in count mode, tests run twice (every test listed twice).
go test -json -count=2 ./shapes ./textutil > "$json_out/count-2.jsonl" || true
# Only the passing tests: a green run.
go test -json -run 'TestTruncate|TestWords$|TestAreaRefusesNegative' ./shapes ./textutil > "$json_out/passing.jsonl"
# Coverage: set mode (the default), count mode, and atomic with -coverpkg, which lists blocks of
# every package in each test binary's profile.
go test -coverprofile="$cover_out/set.out" -run 'TestArea|TestTruncate|TestWords$' ./shapes ./textutil
go tool cover -func="$cover_out/set.out" > "$cover_out/set.func.txt"
go test -covermode=count -coverprofile="$cover_out/count.out" -run 'TestArea|TestClassify|TestTruncate|TestWords$' ./shapes ./textutil || true
go tool cover -func="$cover_out/count.out" > "$cover_out/count.func.txt"
go test -covermode=atomic -coverpkg=./shapes,./textutil -coverprofile="$cover_out/coverpkg-atomic.out" -run 'TestArea|TestTruncate|TestWords$' ./shapes ./textutil
go tool cover -func="$cover_out/coverpkg-atomic.out" > "$cover_out/coverpkg-atomic.func.txt"
go version > "$json_out/go-version.txt"
rm -rf "$work"
