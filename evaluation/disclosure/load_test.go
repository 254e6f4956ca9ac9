package disclosure

import (
	"os"
	"testing"
	"testing/fstest"
)

func TestLoadShippedFile(t *testing.T) {
	r, err := Load(os.DirFS("../.."))
	if err != nil {
		t.Fatal(err)
	}
	if r != Default() {
		t.Errorf("shipped %s gives %+v, want the national rules %+v", File, r, Default())
	}
}

func TestLoad(t *testing.T) {
	cases := []struct {
		name, toml string
		want       Rules
		err        string
	}{
		{name: "stricter", toml: "minimum = 10\nround_to = 10\ndescription = \"x\"\n", want: Rules{10, 10}},
		{name: "no description", toml: "minimum = 5\nround_to = 1\n", want: Rules{5, 1}},
		{name: "missing minimum", toml: "round_to = 5\n",
			err: "data/disclosure.toml: key minimum is missing; set it (the national rule is minimum = 5)"},
		{name: "missing round_to", toml: "minimum = 5\n",
			err: "data/disclosure.toml: key round_to is missing; set it (the national rule is round_to = 5)"},
		{name: "zero minimum", toml: "minimum = 0\nround_to = 5\n",
			err: "data/disclosure.toml: key minimum: must be at least 1, got 0"},
		{name: "negative round_to", toml: "minimum = 5\nround_to = -5\n",
			err: "data/disclosure.toml: key round_to: must be at least 1, got -5"},
		{name: "rounds minimum to 0", toml: "minimum = 5\nround_to = 11\n",
			err: "data/disclosure.toml: key round_to: 11 would round a count of 5 (minimum) down to 0; use at most twice minimum (10)"},
		{name: "unknown key", toml: "minimum = 5\nround_to = 5\nrounding = 5\n",
			err: "data/disclosure.toml: unknown key rounding (the keys are minimum, round_to and description)"},
		{name: "wrong type", toml: "minimum = \"five\"\nround_to = 5\n",
			err: "data/disclosure.toml: toml: line 1 (last key \"minimum\"): incompatible types: TOML value has type string; destination has type integer"},
		{name: "not TOML", toml: "minimum = 5\nround_to =\n",
			err: "data/disclosure.toml: toml: line 2 (last key \"round_to\"): expected value but found '\\n' instead"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Load(fstest.MapFS{File: {Data: []byte(c.toml)}})
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error = %v\nwant    %s", err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Load = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	want := "reading disclosure rules: open data/disclosure.toml: file does not exist"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}
