package reference

// Breakdowns are the VARIABLE_TYPE values of the published measures and the labels of
// their VARIABLE_A values (measures.md, section 3).
type Breakdowns struct {
	Total       Total
	Pathway     PathwayBreakdown
	LTCStatus   LTCStatus
	AgeGroup    AgeGroup
	Gender      CodeGroups
	Ethnic      CodeGroups
	Deprivation Deprivation
	Integrated  Integrated
}

// Total is the breakdown with one value covering every referral.
type Total struct{ VariableType, Label string }

// PathwayBreakdown has a value per pathway (its name) and one for referrals in none.
type PathwayBreakdown struct{ VariableType, None string }

// LTCStatus groups referrals by the long-term conditions recorded for the person.
type LTCStatus struct {
	VariableType string
	With         string // any code other than NoLTCCode
	Without      string // only NoLTCCode
	NotStated    string // nothing recorded
	NoLTCCode    string
}

// AgeGroup bands the age at referral.
type AgeGroup struct {
	VariableType string
	Bands        []AgeBand // from 0 upwards, without gaps; the last has no upper age
	NotKnown     string
}

// AgeBand is one age band, From to To years inclusive; To is -1 for no upper age.
type AgeBand struct {
	Label    string
	From, To int
}

// Band returns the index in Bands of age, or len(Bands) (not known) when age is
// negative.
func (a AgeGroup) Band(age int) int {
	if age < 0 {
		return len(a.Bands)
	}
	for i, b := range a.Bands {
		if age >= b.From && (b.To < 0 || age <= b.To) {
			return i
		}
	}
	return len(a.Bands) // unreachable after validation: the bands cover 0 upwards
}

// Label returns the label of band i as returned by Band.
func (a AgeGroup) Label(i int) string {
	if i >= len(a.Bands) {
		return a.NotKnown
	}
	return a.Bands[i].Label
}

// CodeGroups groups the codes of a field (gender, ethnic category).
type CodeGroups struct {
	VariableType string
	Groups       []CodeGroup
	Other        string // any other code, or none
	index        map[string]int
}

// CodeGroup is one labelled group of codes.
type CodeGroup struct {
	Label string
	Codes []string
}

// Group returns the index in Groups of the group holding code, or len(Groups) (other).
func (g CodeGroups) Group(code string) int {
	if i, ok := g.index[code]; ok {
		return i
	}
	return len(g.Groups)
}

// Label returns the label of group i as returned by Group.
func (g CodeGroups) Label(i int) string {
	if i >= len(g.Groups) {
		return g.Other
	}
	return g.Groups[i].Label
}

// Deprivation has the deciles 1 (most deprived) to 10, written as numbers, and a label
// for a decile not known.
type Deprivation struct{ VariableType, NotKnown string }

// Integrated splits referrals by whether any attended contact was integrated.
type Integrated struct{ VariableType, Integrated, CoreOnly string }

// Order returns the values of the breakdown variableType in their natural order, as
// this file lists them: age bands from the youngest, deciles from 1 (most deprived)
// to 10, groups as listed, and the value for "not known" or "other" last. pathways are
// the pathway values in their reference order. A breakdown it does not know has no
// order (nil).
func (b Breakdowns) Order(variableType string, pathways []string) []string {
	switch variableType {
	case b.Pathway.VariableType:
		return append(append([]string(nil), pathways...), b.Pathway.None)
	case b.LTCStatus.VariableType:
		return []string{b.LTCStatus.With, b.LTCStatus.Without, b.LTCStatus.NotStated}
	case b.AgeGroup.VariableType:
		out := make([]string, 0, len(b.AgeGroup.Bands)+1)
		for _, band := range b.AgeGroup.Bands {
			out = append(out, band.Label)
		}
		return append(out, b.AgeGroup.NotKnown)
	case b.Gender.VariableType:
		return b.Gender.order()
	case b.Ethnic.VariableType:
		return b.Ethnic.order()
	case b.Deprivation.VariableType:
		return []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", b.Deprivation.NotKnown}
	case b.Integrated.VariableType:
		return []string{b.Integrated.Integrated, b.Integrated.CoreOnly}
	}
	return nil
}

func (g CodeGroups) order() []string {
	out := make([]string, 0, len(g.Groups)+1)
	for _, group := range g.Groups {
		out = append(out, group.Label)
	}
	return append(out, g.Other)
}
