package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The headers of the data contract (shared/spec/data-contract.md), copied from its
// tables by hand rather than from the generator.
var contractHeaders = map[string]string{
	"referrals.csv":             "ServiceRequestId,LocalPatientId,OrgIDProv,OrgIDComm,ReferralRequestReceivedDate,SourceOfReferralIAPT,ServDischDate,EndCode,AgeServReferRecDate,Gender,EthnicCategory,IMDDecile",
	"care_contacts.csv":         "CareContactId,ServiceRequestId,OrgIDProv,CareContDate,AppType,AttendOrDNACode,ConsMechanism,IAPTLTCServiceInd,ClinContDurOfCareCont,Intensity",
	"assessments.csv":           "ServiceRequestId,OrgIDProv,CareContactId,AssToolCompDate,CodedAssToolType,PersScore",
	"presenting_complaints.csv": "ServiceRequestId,OrgIDProv,PresComp,PresCompCodSig,PresCompDate",
	"long_term_conditions.csv":  "LocalPatientId,OrgIDProv,LongTermConditionCode",
	"utilisation.csv":           "ServiceRequestId,OrgIDProv,Group,Pathway,Window,WindowMonths,Item,Count",
}

// Instrument ranges from measures.md §1, by both the SNOMED CT code and the short name.
var ranges = map[string][2]float64{
	"720433000": {0, 27}, "PHQ9": {0, 27}, "445455005": {0, 21}, "GAD7": {0, 21},
	"SocialPhobia": {0, 68}, "PanicDisorder": {0, 28}, "AgoraAlone": {1, 5}, "OCD": {0, 72},
	"PTSD": {0, 80}, "AnxietyInventory": {0, 54}, "PHQ15": {0, 30}, "IBS": {0, 500},
	"CFQ": {0, 33}, "WSAS": {0, 40}, "DDS": {1, 6}, "CAT": {0, 40}, "BPI": {0, 10},
}

// Pathways of data-contract.md: LTC codes and presenting-complaint prefixes.
var ltcPathway = map[string]string{
	"73211009": "diabetes", "44054006": "diabetes", "46635009": "diabetes",
	"13645005": "respiratory", "195967001": "respiratory", "50043002": "respiratory",
	"56265001": "heart", "84114007": "heart", "53741008": "heart",
	"373673007": "persistent-pain", "82423001": "persistent-pain",
	"363346000": "cancer", "928000": "musculoskeletal",
}

func complaintPathway(code string) string {
	code = strings.ReplaceAll(code, ".", "")
	switch {
	case strings.HasPrefix(code, "K58"):
		return "ibs"
	case strings.HasPrefix(code, "G933"):
		return "me-cfs"
	case code == "723916001":
		return "persistent-physical-symptoms"
	}
	return ""
}

func generate(t *testing.T, n int, seed uint64) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := Generate(dir, Options{Referrals: n, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readTable(t *testing.T, dir, name string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = false
	all, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return all[0], all[1:]
}

func hashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	h := map[string][32]byte{}
	for name := range contractHeaders {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		h[name] = sha256.Sum256(b)
	}
	return h
}

func TestSameSeedSameBytes(t *testing.T) {
	a := hashes(t, generate(t, 3000, 42))
	b := hashes(t, generate(t, 3000, 42))
	c := hashes(t, generate(t, 3000, 43))
	for name := range contractHeaders {
		if a[name] != b[name] {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		if a[name] == c[name] {
			t.Errorf("%s is the same for seeds 42 and 43", name)
		}
	}
}

func TestHeadersAndTemporaryFiles(t *testing.T) {
	dir := generate(t, 500, 1)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The six files, and the marker that says the export is synthetic.
	if len(entries) != len(contractHeaders)+1 || entries[0].Name() != Marker {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("export folder holds %v, want exactly the six contract files and %s", names, Marker)
	}
	for name, want := range contractHeaders {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := bytes.Cut(b, []byte("\n"))
		if string(first) != want {
			t.Errorf("%s header\n got %s\nwant %s", name, first, want)
		}
		if got, ok := Header(name); !ok || got != want {
			t.Errorf("Header(%q) = %q, %v", name, got, ok)
		}
	}
}

func TestOptionsChecked(t *testing.T) {
	var w bytes.Buffer
	all := Writers{&w, &w, &w, &w, &w, &w}
	if _, err := Write(all, Options{Referrals: 0}); err == nil {
		t.Error("0 referrals accepted")
	}
	if _, err := Write(all, Options{Referrals: MaxReferrals + 1}); err == nil {
		t.Error("more than MaxReferrals accepted")
	}
	if _, err := Write(all, Options{Referrals: 5, Years: -1}); err == nil {
		t.Error("negative years accepted")
	}
	if _, err := Write(Writers{Referrals: &w}, Options{Referrals: 5}); err == nil {
		t.Error("missing writers accepted")
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(filepath.Join(file, "export"), Options{Referrals: 5}); err == nil {
		t.Error("an export folder inside a file accepted")
	}
}

// TestExactCountAndProgress: the export has exactly the referrals asked for, and the
// progress callback ends on that number.
func TestExactCountAndProgress(t *testing.T) {
	var w [6]bytes.Buffer
	var last int
	sum, err := Write(Writers{&w[0], &w[1], &w[2], &w[3], &w[4], &w[5]},
		Options{Referrals: 1234, Seed: 3, Progress: func(n int) { last = n }})
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Count(w[0].Bytes(), []byte("\n")) - 1
	if sum.Referrals != 1234 || lines != 1234 || last != 1234 {
		t.Errorf("asked for 1234 referrals: summary %d, rows %d, last progress %d", sum.Referrals, lines, last)
	}
	if got := bytes.Count(w[1].Bytes(), []byte("\n")) - 1; got != sum.Contacts {
		t.Errorf("summary counts %d contacts, file has %d", sum.Contacts, got)
	}
}

// export is a parsed synthetic export with per-referral facts, computed here from the
// CSV text alone, independently of the generator's own bookkeeping.
type parsed struct {
	refs       map[string]*ref // by OrgIDProv/ServiceRequestId
	order      []string
	people     map[string]bool
	ltcPeople  map[string]bool // with an LTC other than the "none" code
	noLTC      map[string]bool
	pathways   map[string]bool
	end        time.Time
	contactIDs map[string]string // CareContactId → referral key
}

type ref struct {
	person              string
	received, discharge time.Time // discharge zero when open
	firstTreat          time.Time
	treatments          int
	phq, gad            []float64 // in window, in date order then file order
	integrated          bool
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("bad date %q: %v", s, err)
	}
	return d
}

func parse(t *testing.T, dir string) *parsed {
	t.Helper()
	p := &parsed{refs: map[string]*ref{}, people: map[string]bool{}, ltcPeople: map[string]bool{},
		noLTC: map[string]bool{}, pathways: map[string]bool{}, contactIDs: map[string]string{},
		end: day(t, "2025-03-31")}
	_, rows := readTable(t, dir, "referrals.csv")
	for _, r := range rows {
		key := r[2] + "/" + r[0]
		if _, dup := p.refs[key]; dup {
			t.Fatalf("referral %s twice", key)
		}
		x := &ref{person: r[1], received: day(t, r[4])}
		if r[6] != "" {
			x.discharge = day(t, r[6])
			if x.discharge.Before(x.received) {
				t.Errorf("referral %s discharged before it was received", key)
			}
			if r[7] == "" {
				t.Errorf("referral %s discharged with no EndCode", key)
			}
		}
		if x.received.After(p.end) || x.discharge.After(p.end) {
			t.Errorf("referral %s dated after the end of the period", key)
		}
		p.refs[key] = x
		p.order = append(p.order, key)
		p.people[r[1]] = true
	}
	inWindow := func(x *ref, d time.Time) bool {
		return !d.Before(x.received) && (x.discharge.IsZero() || !d.After(x.discharge))
	}

	_, rows = readTable(t, dir, "care_contacts.csv")
	for _, r := range rows {
		key := r[2] + "/" + r[1]
		x := p.refs[key]
		if x == nil {
			t.Fatalf("contact %s: no referral %s", r[0], key)
		}
		if _, dup := p.contactIDs[r[0]]; dup {
			t.Fatalf("CareContactId %s twice", r[0])
		}
		p.contactIDs[r[0]] = key
		d := day(t, r[3])
		if !inWindow(x, d) || d.After(p.end) {
			t.Errorf("contact %s dated %s outside its referral", r[0], r[3])
		}
		attended := r[5] == "5" || r[5] == "6"
		if attended && r[7] == "Y" {
			x.integrated = true
		}
		if attended && (r[4] == "02" || r[4] == "03" || r[4] == "05") && inWindow(x, d) {
			x.treatments++
			if x.firstTreat.IsZero() || d.Before(x.firstTreat) {
				x.firstTreat = d
			}
		}
	}

	type score struct {
		d time.Time
		v float64
	}
	phq, gad := map[string][]score{}, map[string][]score{}
	_, rows = readTable(t, dir, "assessments.csv")
	for _, r := range rows {
		key := r[1] + "/" + r[0]
		x := p.refs[key]
		if x == nil {
			t.Fatalf("score: no referral %s", key)
		}
		if r[2] != "" && p.contactIDs[r[2]] != key {
			t.Errorf("score of %s names appointment %s of another referral", key, r[2])
		}
		v, err := strconv.ParseFloat(r[5], 64)
		rg, known := ranges[r[4]]
		if err != nil || !known || v < rg[0] || v > rg[1] {
			t.Fatalf("score %v: unknown instrument or out of range", r)
		}
		d := day(t, r[3])
		if !inWindow(x, d) {
			continue
		}
		switch r[4] {
		case "720433000", "PHQ9":
			phq[key] = append(phq[key], score{d, v})
		case "445455005", "GAD7":
			gad[key] = append(gad[key], score{d, v})
		}
	}
	for key, x := range p.refs {
		for _, s := range [2]struct {
			in  []score
			out *[]float64
		}{{phq[key], &x.phq}, {gad[key], &x.gad}} {
			slices.SortStableFunc(s.in, func(a, b score) int { return a.d.Compare(b.d) })
			for _, sc := range s.in {
				*s.out = append(*s.out, sc.v)
			}
		}
	}

	_, rows = readTable(t, dir, "presenting_complaints.csv")
	for _, r := range rows {
		if p.refs[r[1]+"/"+r[0]] == nil {
			t.Fatalf("complaint: no referral %s/%s", r[1], r[0])
		}
		if r[3] != "P" && r[3] != "S" && r[3] != "" {
			t.Errorf("complaint significance %q", r[3])
		}
		if pw := complaintPathway(r[2]); pw != "" {
			p.pathways[pw] = true
		}
	}
	_, rows = readTable(t, dir, "long_term_conditions.csv")
	for _, r := range rows {
		if !p.people[r[0]] {
			t.Fatalf("condition of unknown person %s", r[0])
		}
		if r[2] == "748031000000103" {
			p.noLTC[r[0]] = true
		} else {
			p.ltcPeople[r[0]] = true
		}
		if pw := ltcPathway[r[2]]; pw != "" {
			p.pathways[pw] = true
		}
	}
	return p
}

// TestRates checks that the outcomes computed from the files by the national
// definitions (measures.md §1, with PHQ-9 and GAD-7 as the pair) land near England's
// 2024-25 figures (benchmarks/README.md): 37% of referrals finish a course, 95% of those
// at caseness, recovery 50.5%, reliable improvement 67.5%, reliable deterioration 5.8%,
// and 91.6% of finished courses starting within six weeks; recovery lower with a
// long-term condition (47%) than without (51.8%).
func TestRates(t *testing.T) {
	p := parse(t, generate(t, 20000, 1))
	var finished, caseness, notCaseness, recovered, improved, deteriorated, sixWeeks, eighteenWeeks int
	var ltcFin, ltcNotCase, ltcRec, noFin, noNotCase, noRec int
	for _, key := range p.order {
		x := p.refs[key]
		if x.discharge.IsZero() || x.treatments < 2 {
			continue
		}
		finished++
		wait := int(x.firstTreat.Sub(x.received).Hours() / 24)
		if wait <= 42 {
			sixWeeks++
		}
		if wait <= 126 {
			eighteenWeeks++
		}
		ltc, none := p.ltcPeople[x.person], !p.ltcPeople[x.person] && p.noLTC[x.person]
		if ltc {
			ltcFin++
		}
		if none {
			noFin++
		}
		if len(x.phq) == 0 || len(x.gad) == 0 {
			continue
		}
		p0, a0 := x.phq[0], x.gad[0]
		isCase := p0 >= 10 || a0 >= 8
		if isCase {
			caseness++
		} else {
			notCaseness++
			if ltc {
				ltcNotCase++
			}
			if none {
				noNotCase++
			}
		}
		if len(x.phq) < 2 || len(x.gad) < 2 {
			continue
		}
		dp, da := p0-x.phq[len(x.phq)-1], a0-x.gad[len(x.gad)-1]
		better, worse := dp >= 6 || da >= 4, -dp >= 6 || -da >= 4
		if better && !worse {
			improved++
		}
		if worse && !better {
			deteriorated++
		}
		if isCase && x.phq[len(x.phq)-1] < 10 && x.gad[len(x.gad)-1] < 8 {
			recovered++
			if ltc {
				ltcRec++
			}
			if none {
				noRec++
			}
		}
	}
	pct := func(n, d int) float64 { return 100 * float64(n) / float64(d) }
	rates := []struct {
		name       string
		got, want  float64
		tolerance  float64
		num, denom int
	}{
		{"finished a course", pct(finished, len(p.refs)), 37, 4, finished, len(p.refs)},
		{"at caseness", pct(caseness, finished), 95, 3, caseness, finished},
		{"recovery", pct(recovered, finished-notCaseness), 50.5, 5, recovered, finished - notCaseness},
		{"reliable improvement", pct(improved, finished), 67.5, 6, improved, finished},
		{"reliable deterioration", pct(deteriorated, finished), 5.8, 3, deteriorated, finished},
		{"started within 6 weeks", pct(sixWeeks, finished), 90, 5, sixWeeks, finished},
		{"started within 18 weeks", pct(eighteenWeeks, finished), 98, 2, eighteenWeeks, finished},
	}
	for _, r := range rates {
		t.Logf("%-24s %5.1f%% (%d / %d), England %.1f%%", r.name, r.got, r.num, r.denom, r.want)
		if r.got < r.want-r.tolerance || r.got > r.want+r.tolerance {
			t.Errorf("%s: %.1f%%, want %.1f%% ± %.0f", r.name, r.got, r.want, r.tolerance)
		}
	}
	ltcRecovery, noRecovery := pct(ltcRec, ltcFin-ltcNotCase), pct(noRec, noFin-noNotCase)
	t.Logf("recovery with an LTC %.1f%% (%d), without %.1f%% (%d)", ltcRecovery, ltcFin, noRecovery, noFin)
	if d := noRecovery - ltcRecovery; d < 1 || d > 10 {
		t.Errorf("recovery with an LTC %.1f%%, without %.1f%%: want a few points lower with one", ltcRecovery, noRecovery)
	}
	open := 0
	for _, x := range p.refs {
		if x.discharge.IsZero() {
			open++
		}
	}
	if share := pct(open, len(p.refs)); share < 3 || share > 25 {
		t.Errorf("%.1f%% of referrals open at the end of the period, want some but not most", share)
	}
}

// TestPeople: every pathway is present, about 35-40% of people have a long-term
// condition, and some people have two referrals.
func TestPeople(t *testing.T) {
	p := parse(t, generate(t, 20000, 2))
	for _, slug := range []string{"diabetes", "respiratory", "heart", "persistent-pain", "cancer",
		"musculoskeletal", "ibs", "me-cfs", "persistent-physical-symptoms"} {
		if !p.pathways[slug] {
			t.Errorf("no referral in pathway %s", slug)
		}
	}
	share := 100 * float64(len(p.ltcPeople)) / float64(len(p.people))
	t.Logf("%d people, %.1f%% with an LTC, %d with the no-LTC code", len(p.people), share, len(p.noLTC))
	if share < 33 || share > 42 {
		t.Errorf("%.1f%% of people have a long-term condition, want 35-40%%", share)
	}
	if len(p.noLTC) == 0 || len(p.ltcPeople)+len(p.noLTC) >= len(p.people) {
		t.Errorf("want some people with the no-LTC code and some with nothing recorded")
	}
	if twice := len(p.refs) - len(p.people); twice < 200 {
		t.Errorf("only %d people with a second referral", twice)
	}
	integrated := 0
	for _, x := range p.refs {
		if x.integrated {
			integrated++
		}
	}
	if integrated < 1000 {
		t.Errorf("only %d referrals with integrated appointments", integrated)
	}
}

// TestUtilisation: every person has a pre and a post window of the same length with every
// item once in each; treated people point at real referrals; comparison people name a
// pathway; and the treated group's use falls by more than the comparison group's.
func TestUtilisation(t *testing.T) {
	dir := generate(t, 20000, 3)
	p := parse(t, dir)
	_, rows := readTable(t, dir, "utilisation.csv")
	type win struct{ months, items int }
	type personUse struct {
		group     string
		pre, post win
		change    float64
	}
	use := map[string]*personUse{}
	var keys []string
	slugs := map[string]bool{"diabetes": true, "respiratory": true, "heart": true, "persistent-pain": true,
		"cancer": true, "musculoskeletal": true, "ibs": true, "me-cfs": true, "persistent-physical-symptoms": true}
	for _, r := range rows {
		key := r[2] + "/" + r[1] + "/" + r[0]
		u := use[key]
		if u == nil {
			u = &personUse{group: r[2]}
			use[key] = u
			keys = append(keys, key)
		}
		switch r[2] {
		case "treated":
			if p.refs[r[1]+"/"+r[0]] == nil {
				t.Fatalf("utilisation of unknown referral %s", r[0])
			}
		case "comparison":
			if !slugs[r[3]] || !strings.HasPrefix(r[0], "C") {
				t.Fatalf("comparison row %v: want a C identifier and a pathway slug", r)
			}
		default:
			t.Fatalf("group %q", r[2])
		}
		months, err1 := strconv.Atoi(r[5])
		count, err2 := strconv.ParseFloat(r[7], 64)
		if err1 != nil || err2 != nil || count < 0 {
			t.Fatalf("utilisation row %v", r)
		}
		w := &u.pre
		if r[4] == "post" {
			w = &u.post
			u.change += count
		} else {
			u.change -= count
		}
		if w.items > 0 && w.months != months {
			t.Errorf("%s: window lengths %d and %d", key, w.months, months)
		}
		w.months = months
		w.items++
	}
	var n, change [2]float64
	for _, key := range keys {
		u := use[key]
		if u.pre.items != len(useItems) || u.post.items != len(useItems) || u.pre.months != u.post.months {
			t.Errorf("%s: pre %+v, post %+v; want both windows, equal, every item", key, u.pre, u.post)
		}
		g := 0
		if u.group == "comparison" {
			g = 1
		}
		n[g]++
		change[g] += u.change
	}
	if n[0] < 500 || n[1] < 300 {
		t.Fatalf("%v treated and comparison people, want hundreds", n)
	}
	treated, comparison := change[0]/n[0], change[1]/n[1]
	t.Logf("mean change in contacts: treated %.2f (%v people), comparison %.2f (%v)", treated, n[0], comparison, n[1])
	if !(treated < comparison && comparison < 0) {
		t.Errorf("want both groups' use to fall and the treated group's more: treated %.2f, comparison %.2f", treated, comparison)
	}
}

// TestBoundedMemory: the heap must not grow with the number of referrals written, which
// it would if anything were kept per referral or per person (a map of 100,000 IDs alone
// takes several megabytes).
func TestBoundedMemory(t *testing.T) {
	var w [6]countingWriter
	var heap []uint64
	progress := func(int) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		heap = append(heap, m.HeapAlloc)
	}
	if _, err := Write(Writers{&w[0], &w[1], &w[2], &w[3], &w[4], &w[5]},
		Options{Referrals: 3 * ProgressEvery, Seed: 9, Progress: progress}); err != nil {
		t.Fatal(err)
	}
	if len(heap) < 3 {
		t.Fatalf("progress called %d times, want at least 3", len(heap))
	}
	if grew := int64(heap[len(heap)-1]) - int64(heap[0]); grew > 1<<20 {
		t.Errorf("heap grew by %d KB between %d and %d referrals", grew>>10, ProgressEvery, 3*ProgressEvery)
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(b []byte) (int, error) { w.n += int64(len(b)); return len(b), nil }

// A run stopped through Done returns ErrStopped and leaves no file in the folder: no
// temporary file, and no finished-looking one.
func TestGenerateStopped(t *testing.T) {
	dir := t.TempDir()
	done := make(chan struct{})
	close(done)
	if _, err := Generate(dir, Options{Referrals: 5000, Seed: 1, Done: done}); !errors.Is(err, ErrStopped) {
		t.Fatalf("Generate with Done closed: %v, want ErrStopped", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a stopped run left %d files, the first %s", len(entries), entries[0].Name())
	}
}
