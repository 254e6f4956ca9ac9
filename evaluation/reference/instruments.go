package reference

import (
	"math"

	"github.com/iaptpub/iaptpub/evaluation/export"
)

// ScoreScale is the resolution scores and thresholds are compared at: 1/10,000 of a
// point. The outcome measures compare scores as whole numbers of these units, so that a
// change from 3.03 to 2.30 is exactly the reliable change 0.73 rather than a hair below
// it in floating point. Thresholds may therefore have at most 4 decimal places; scores
// with more are rounded to 4, which no questionnaire's scoring needs.
const ScoreScale = 10_000

// maxScaled is the largest score that fits, in units of 1/ScoreScale, in an int32.
const maxScaled = math.MaxInt32 / ScoreScale

// Instrument is one questionnaire of the catalogue.
type Instrument struct {
	Short    string // the short name used in exports and everywhere in iaptpub
	Name     string
	SNOMED   string // SNOMED CT code, or "" when none is known
	Min, Max float64
	Decimals bool // totals may have decimals (mean item scores)

	// Caseness is the first score at or above which a referral is at caseness;
	// HasCaseness is false when the instrument is not used for caseness.
	Caseness    float64
	HasCaseness bool
	// ReliableChange is the smallest reliable change; HasReliableChange is false when
	// the instrument is not used for reliable change.
	ReliableChange    float64
	HasReliableChange bool

	Source InstrumentSource
}

// InstrumentSource says where each value of an instrument comes from.
type InstrumentSource struct {
	Range          string
	Caseness       string
	ReliableChange string
}

// Scaled returns v in whole units of 1/ScoreScale, rounded to the nearest.
func Scaled(v float64) int32 { return int32(math.Round(v * ScoreScale)) }

// Catalogue is the instrument catalogue, looked up by short name or SNOMED CT code. It
// implements the export package's Instruments, so the reader can check and name scores.
type Catalogue struct {
	list []Instrument
	by   map[string]int // short name and SNOMED CT code → index in list
}

// Lookup returns the scale of the instrument whose short name or SNOMED CT code is
// tool, exactly as written.
func (c *Catalogue) Lookup(tool string) (export.Scale, bool) {
	i, ok := c.by[tool]
	if !ok {
		return export.Scale{}, false
	}
	in := &c.list[i] // not a copy: the reader looks up every score
	return export.Scale{Name: in.Short, Min: in.Min, Max: in.Max, Decimals: in.Decimals}, true
}

// Index returns the position of the instrument named short (or coded so) in All.
func (c *Catalogue) Index(short string) (int, bool) {
	i, ok := c.by[short]
	return i, ok
}

// Get returns the instrument named short (or coded so).
func (c *Catalogue) Get(short string) (Instrument, bool) {
	i, ok := c.by[short]
	if !ok {
		return Instrument{}, false
	}
	return c.list[i], true
}

// All returns the instruments in the order of the file. The slice is shared: do not
// modify it.
func (c *Catalogue) All() []Instrument { return c.list }
