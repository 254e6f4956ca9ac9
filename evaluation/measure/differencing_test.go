package measure

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/iaptpub/iaptpub/evaluation/disclosure"
	"github.com/iaptpub/iaptpub/evaluation/synth"
)

// ratio is a published percentage and the counts it divides, by measure ID, written
// from the table of spec/measures.md §2 rather than taken from the catalogue. den less
// minus is the denominator; minus is "" when there is nothing to subtract. unpublished
// stands for a count that is part of the percentage but not published itself.
type ratio struct{ pct, num, den, minus string }

const unpublished = "?"

var ratios = []ratio{
	{"M053", "M052", "M076", ""},
	{"M055", "M054", "M076", ""},
	{"M180", "M179", "M076", ""},
	{"M186", "M185", "M076", ""},
	{"X003", "M187", "M076", ""},
	{"M1010", "M189", "M076", ""},
	{"M192", "M191", "M076", "M179"},
	{"M195", "M193", "M076", "M179"},
	{"M278", "M277", "M273", "M276"},
	{"X001", "M202", "M076", ""},
	{"X010", unpublished, "M076", unpublished},
	{"X011", unpublished, "M076", ""},
}

// leak is what an outsider learns about one percentage of one cell from its published
// figures.
type leak struct {
	cell  Cell
	ratio ratio
	shown string
	nums  map[int]bool // the numerators consistent with every published figure
	dens  map[int]bool
	comps map[int]bool // den − num
}

func (l leak) String() string {
	return fmt.Sprintf("%s %s/%s %s: numerator %v, denominator %v, complement %v",
		cellName(l.cell), l.ratio.pct, l.ratio.num, l.shown, keys(l.nums), keys(l.dens), keys(l.comps))
}

// differencing finds, for every published percentage of res, every pair of exact
// counts (num, den) consistent with all the published figures of its cell: the
// controlled counts of its numerator and of the measures its denominator is made of,
// the percentage and both ends of its interval. It returns the percentages for which
// those pairs pin the complement den − num to one value from 1 to 4, or num or den to
// one exact value; and how many published percentages it checked.
func differencing(res *Result, rules disclosure.Rules) (leaks []leak, checked int) {
	for _, c := range res.Cells() {
		// candidates is every exact count of measure id consistent with what is
		// published of it; an unpublished count is anything from 0 to most.
		candidates := func(id string, most int) []int {
			if id == unpublished {
				return upTo(most)
			}
			r, _ := res.Raw(c, id)
			return preimage(rules, r.Controlled(rules).Text)
		}
		for _, q := range ratios {
			raw, ok := res.Raw(c, q.pct)
			if !ok {
				continue
			}
			pct := raw.Controlled(rules).Text
			lo, hi := raw.Interval(rules)
			if pct == "" {
				continue // a percentage of nobody is blank by design: its denominator is 0
			}
			if pct != "*" {
				checked++
			}
			l := leak{cell: c, ratio: q, shown: pct + " (" + lo.Text + " to " + hi.Text + ")",
				nums: map[int]bool{}, dens: map[int]bool{}, comps: map[int]bool{}}
			dens := candidates(q.den, 0)
			most := dens[len(dens)-1]
			minuses := []int{0}
			if q.minus != "" {
				minuses = candidates(q.minus, most)
			}
			for _, f := range dens {
				for _, m := range minuses {
					d := f - m
					if d < 0 {
						continue
					}
					for _, n := range candidates(q.num, d) {
						if n > d || rules.Percent(n, d).Text != pct {
							continue
						}
						if l2, h2 := rules.Interval(n, d); l2 != lo || h2 != hi {
							continue
						}
						l.nums[n], l.dens[d], l.comps[d-n] = true, true, true
					}
				}
			}
			if pins(l) {
				leaks = append(leaks, l)
			}
		}
	}
	return leaks, checked
}

// pins reports whether l singles out a count: a complement of 1 to 4 people, or an
// exact numerator or denominator.
func pins(l leak) bool {
	for c := range l.comps {
		if len(l.comps) == 1 && c >= 1 && c <= 4 {
			return true
		}
	}
	return len(l.nums) == 1 || len(l.dens) == 1
}

// preimage is every count that is published as text.
func preimage(rules disclosure.Rules, text string) []int {
	// A published count k stands for k − 2 to k + 2 (rounding to 5), and "*" for 0 to
	// 4; searching to 2·k + 10 is more than enough for any rounding the rules allow.
	limit := 10
	if k, err := strconv.Atoi(text); err == nil {
		limit = 2*k + 10
	}
	var out []int
	for n := 0; n <= limit; n++ {
		if rules.Count(n).Text == text {
			out = append(out, n)
		}
	}
	return out
}

func upTo(most int) []int {
	out := make([]int, most+1)
	for i := range out {
		out[i] = i
	}
	return out
}

func cellName(c Cell) string {
	return strings.Join([]string{c.Period.Label, c.Org, c.VariableType, c.VariableA}, " ")
}

func keys(m map[int]bool) []int { return slices.Sorted(maps.Keys(m)) }

func reportLeaks(t *testing.T, leaks []leak, checked int) {
	t.Helper()
	if checked == 0 {
		t.Fatal("no published percentage to check")
	}
	for i, l := range leaks {
		if i == 20 {
			t.Errorf("… and %d more", len(leaks)-20)
			break
		}
		t.Errorf("pins a count: %s", l)
	}
	t.Logf("%d published percentages checked, %d pin a count", checked, len(leaks))
}

// TestNoDifferencingDemo checks every percentage of the demonstration site's measures,
// made as `iaptpub build` makes them (20,000 synthetic referrals, seed 2024): no
// combination of a cell's published figures pins a count the control hides. Under the
// national rule (percentages and intervals from the exact counts) 19,418 of the 28,093
// published percentages pinned one, such as 83% beside counts of 5 and 5 (5 of 6).
func TestNoDifferencingDemo(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Generate(dir, synth.Options{Referrals: 20000, Seed: 2024}); err != nil {
		t.Fatal(err)
	}
	res, _ := computeDir(t, dir, Options{})
	leaks, checked := differencing(res, disclosure.Default())
	reportLeaks(t, leaks, checked)
}

// TestNoDifferencingSmallPathway checks a hand-made export where the Diabetes pathway
// has 12 people who finished a course and the COPD pathway 7, every one integrated:
// small cells, where a percentage beside its rounded counts gave most away.
//
// Diabetes, people D1–D12, all at caseness (PHQ-9 first 15): D1–D8 recover (last PHQ
// 4, GAD 3), D9–D12 do not (last PHQ 14, GAD 12); D1–D10 wait 14 days, D11 and D12 60.
// So recovery is 8 of 12 (complement 4), waits within 6 weeks 10 of 12 (2).
// COPD, people C1–C7: C1–C5 recover, C6 and C7 do not: 5 of 7 (2). Under the national
// rule every one of the 420 published percentages pinned a count.
func TestNoDifferencingSmallPathway(t *testing.T) {
	dir := t.TempDir()
	type person struct {
		id, ltc   string
		wait      int
		recovered bool
	}
	var people []person
	for i := 1; i <= 12; i++ {
		wait := 14
		if i > 10 {
			wait = 60
		}
		people = append(people, person{fmt.Sprintf("D%d", i), "73211009", wait, i <= 8})
	}
	for i := 1; i <= 7; i++ {
		people = append(people, person{fmt.Sprintf("C%d", i), "13645005", 14, i <= 5})
	}
	files := map[string][]string{
		"referrals.csv":             {"ServiceRequestId,LocalPatientId,OrgIDProv,OrgIDComm,ReferralRequestReceivedDate,SourceOfReferralIAPT,ServDischDate,EndCode,AgeServReferRecDate,Gender,EthnicCategory,IMDDecile"},
		"care_contacts.csv":         {"CareContactId,ServiceRequestId,OrgIDProv,CareContDate,AppType,AttendOrDNACode,ConsMechanism,IAPTLTCServiceInd,ClinContDurOfCareCont,Intensity"},
		"assessments.csv":           {"ServiceRequestId,OrgIDProv,CareContactId,AssToolCompDate,CodedAssToolType,PersScore"},
		"presenting_complaints.csv": {"ServiceRequestId,OrgIDProv,PresComp,PresCompCodSig,PresCompDate"},
		"long_term_conditions.csv":  {"LocalPatientId,OrgIDProv,LongTermConditionCode"},
	}
	add := func(file, format string, args ...any) {
		files[file] = append(files[file], fmt.Sprintf(format, args...))
	}
	for _, p := range people {
		first := 1 + p.wait // days into June 2024: referred 2024-06-01
		lastPHQ, lastGAD := 14, 12
		if p.recovered {
			lastPHQ, lastGAD = 4, 3
		}
		add("referrals.csv", "R%s,P%s,RA1,,2024-06-01,,2024-12-20,,40,2,A,5", p.id, p.id)
		add("care_contacts.csv", "A%s,R%s,RA1,2024-%s,02,5,01,Y,60,HI", p.id, p.id, junePlus(first))
		add("care_contacts.csv", "B%s,R%s,RA1,2024-11-15,02,5,01,Y,60,HI", p.id, p.id)
		add("assessments.csv", "R%s,RA1,A%s,2024-%s,PHQ9,15", p.id, p.id, junePlus(first))
		add("assessments.csv", "R%s,RA1,B%s,2024-11-15,PHQ9,%d", p.id, p.id, lastPHQ)
		add("assessments.csv", "R%s,RA1,A%s,2024-%s,GAD7,12", p.id, p.id, junePlus(first))
		add("assessments.csv", "R%s,RA1,B%s,2024-11-15,GAD7,%d", p.id, p.id, lastGAD)
		add("presenting_complaints.csv", "R%s,RA1,F32,P,2024-06-01", p.id)
		add("long_term_conditions.csv", "P%s,RA1,%s", p.id, p.ltc)
	}
	for name, lines := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, _ := computeDir(t, dir, Options{})
	diabetes := Cell{Period: yearOf(t, res, "2024-25"), Org: AllOrgs, VariableType: "Pathway", VariableA: "Diabetes"}
	for id, want := range map[string]int{"M076": 12, "M191": 8, "M052": 10} {
		if r, ok := res.Raw(diabetes, id); !ok || r.Num != want {
			t.Fatalf("the hand-made export gives %s = %d in %s, want %d", id, r.Num, cellName(diabetes), want)
		}
	}
	leaks, checked := differencing(res, disclosure.Default())
	reportLeaks(t, leaks, checked)
}

// junePlus writes the date day days into June 2024 (day 1 is 1 June) as MM-DD.
func junePlus(day int) string {
	if day <= 30 {
		return fmt.Sprintf("06-%02d", day)
	}
	return fmt.Sprintf("07-%02d", day-30)
}

func yearOf(t *testing.T, res *Result, label string) Period {
	t.Helper()
	for _, p := range res.Periods() {
		if p.Label == label {
			return p
		}
	}
	t.Fatalf("no period %s", label)
	return Period{}
}
