package synth

import "math/rand/v2"

// The shares below are taken from NHS Talking Therapies' annual report for England,
// 2024-25 (referrals received by age group, gender, ethnic category and deprivation
// decile; see shared/benchmarks), rounded. Where the publication has no figure (sources
// of referral, consultation media, condition codes), the share is a plausible guess and
// only shapes the demo.

// opt is one value of a weighted choice.
type opt[T any] struct {
	v T
	w float64
}

// weighted draws values in proportion to their weights.
type weighted[T any] struct {
	vals []T
	cum  []float64
}

func weightedOf[T any](opts ...opt[T]) weighted[T] {
	w := weighted[T]{vals: make([]T, len(opts)), cum: make([]float64, len(opts))}
	total := 0.0
	for i, o := range opts {
		total += o.w
		w.vals[i] = o.v
		w.cum[i] = total
	}
	return w
}

func (w weighted[T]) draw(r *rand.Rand) T {
	x := r.Float64() * w.cum[len(w.cum)-1]
	for i, c := range w.cum {
		if x < c {
			return w.vals[i]
		}
	}
	return w.vals[len(w.vals)-1]
}

// provider is one fictional service. The differences between them (size, waits, how
// much integrated LTC work they do, a small difference in outcomes) give the demo's
// comparisons and funnel plots something to show.
type provider struct {
	code        string
	commissions weighted[string]
	waitScale   float64 // multiplies the wait to first treatment
	integrated  float64 // share of LTC-pathway referrals seen in the integrated pathway
	shift       float64 // added to the mean improvement of its patients
}

var providers = weightedOf(
	opt[*provider]{&provider{code: "ZZA", commissions: weightedOf(opt[string]{"X1A", 0.7}, opt[string]{"X1B", 0.29}, opt[string]{"", 0.01}),
		waitScale: 1, integrated: 0.7, shift: 0}, 0.5},
	opt[*provider]{&provider{code: "ZZB", commissions: weightedOf(opt[string]{"X2A", 0.99}, opt[string]{"", 0.01}),
		waitScale: 0.85, integrated: 0.5, shift: 0.03}, 0.3},
	opt[*provider]{&provider{code: "ZZC", commissions: weightedOf(opt[string]{"X3A", 0.79}, opt[string]{"X1B", 0.2}, opt[string]{"", 0.01}),
		waitScale: 1.3, integrated: 0.35, shift: -0.04}, 0.2},
)

// ageBand is an age group of the publication, with the improvement shift of its
// people (older people recover more often, the youngest less).
type ageBand struct {
	lo, hi int // -1 when the age is not recorded
	shift  float64
}

var ageBands = weightedOf(
	opt[ageBand]{ageBand{16, 17, -0.07}, 1.5},
	opt[ageBand]{ageBand{18, 25, -0.06}, 19.5},
	opt[ageBand]{ageBand{26, 64, 0}, 72.0},
	opt[ageBand]{ageBand{65, 74, 0.09}, 4.2},
	opt[ageBand]{ageBand{75, 89, 0.11}, 2.5},
	opt[ageBand]{ageBand{90, 97, 0.07}, 0.1},
	opt[ageBand]{ageBand{-1, -1, 0}, 0.2},
)

var genders = weightedOf(
	opt[string]{"2", 65.6}, opt[string]{"1", 33.0}, opt[string]{"9", 0.34},
	opt[string]{"X", 0.4}, opt[string]{"0", 0.2}, opt[string]{"", 0.46},
)

// ethnicity is an NHS ethnic category code with the improvement shift of its group.
type ethnicity struct {
	code  string
	shift float64
}

var ethnicities = weightedOf(
	opt[ethnicity]{ethnicity{"A", 0.01}, 66.2}, opt[ethnicity]{ethnicity{"B", 0.02}, 0.83},
	opt[ethnicity]{ethnicity{"C", 0}, 5.65},
	opt[ethnicity]{ethnicity{"D", -0.04}, 1.24}, opt[ethnicity]{ethnicity{"E", -0.04}, 0.43},
	opt[ethnicity]{ethnicity{"F", -0.03}, 0.70}, opt[ethnicity]{ethnicity{"G", -0.04}, 1.12},
	opt[ethnicity]{ethnicity{"H", 0}, 2.55}, opt[ethnicity]{ethnicity{"J", -0.08}, 2.29},
	opt[ethnicity]{ethnicity{"K", -0.08}, 0.97}, opt[ethnicity]{ethnicity{"L", -0.04}, 1.75},
	opt[ethnicity]{ethnicity{"M", -0.01}, 1.74}, opt[ethnicity]{ethnicity{"N", 0}, 2.30},
	opt[ethnicity]{ethnicity{"P", -0.03}, 0.50},
	opt[ethnicity]{ethnicity{"R", 0.02}, 0.47}, opt[ethnicity]{ethnicity{"S", -0.08}, 2.35},
	opt[ethnicity]{ethnicity{"Z", -0.03}, 4.5}, opt[ethnicity]{ethnicity{"99", -0.03}, 2.5},
	opt[ethnicity]{ethnicity{"", -0.03}, 1.9},
)

// IMD deciles as in the data contract: 1 is the most deprived tenth. The publication
// counts 246,365 referrals from the most deprived tenth down to 119,299 from the least;
// 0 means not known.
var imdDeciles = weightedOf(
	opt[int]{1, 246.4}, opt[int]{2, 225.8}, opt[int]{3, 215.1}, opt[int]{4, 199.8},
	opt[int]{5, 179.5}, opt[int]{6, 169.6}, opt[int]{7, 153.3}, opt[int]{8, 145.3},
	opt[int]{9, 135.2}, opt[int]{10, 119.3}, opt[int]{0, 24.2},
)

var referralSources = weightedOf(
	opt[string]{"B1", 58}, opt[string]{"A1", 30}, opt[string]{"A3", 4}, opt[string]{"P1", 3},
	opt[string]{"C1", 1.5}, opt[string]{"B2", 1}, opt[string]{"", 2.5},
)

// Consultation media: a referral mostly keeps one, with some appointments another.
var mechanisms = weightedOf(
	opt[string]{"02", 42}, opt[string]{"11", 25}, opt[string]{"01", 24}, opt[string]{"09", 5},
	opt[string]{"05", 1}, opt[string]{"06", 0.5}, opt[string]{"04", 0.3}, opt[string]{"12", 1},
	opt[string]{"13", 1},
)

// Pathways of the data contract, in its order; a referral's pathways are a bit set.
const (
	pwDiabetes = iota
	pwRespiratory
	pwHeart
	pwPain
	pwCancer
	pwMusculoskeletal
	pwIBS
	pwMECFS
	pwPPS
	numPathways
)

var pathwaySlugs = [numPathways]string{
	"diabetes", "respiratory", "heart", "persistent-pain", "cancer", "musculoskeletal",
	"ibs", "me-cfs", "persistent-physical-symptoms",
}

// noLTC is the SNOMED CT code recorded for "no long-term condition".
const noLTC = "748031000000103"

// condition is a long-term-condition code, the pathway it maps to (or -1) and the
// condition-specific instrument its people complete (or -1).
type condition struct {
	code    string
	pathway int
	measure int
}

var conditions = weightedOf(
	opt[condition]{condition{"73211009", pwDiabetes, dds}, 8},
	opt[condition]{condition{"44054006", pwDiabetes, dds}, 4.5},
	opt[condition]{condition{"46635009", pwDiabetes, dds}, 1},
	opt[condition]{condition{"13645005", pwRespiratory, cat}, 8},
	opt[condition]{condition{"195967001", pwRespiratory, -1}, 12},
	opt[condition]{condition{"50043002", pwRespiratory, -1}, 2},
	opt[condition]{condition{"56265001", pwHeart, -1}, 5},
	opt[condition]{condition{"84114007", pwHeart, -1}, 2},
	opt[condition]{condition{"53741008", pwHeart, -1}, 3},
	opt[condition]{condition{"373673007", pwPain, bpi}, 10},
	opt[condition]{condition{"82423001", pwPain, bpi}, 10},
	opt[condition]{condition{"363346000", pwCancer, -1}, 7},
	opt[condition]{condition{"928000", pwMusculoskeletal, -1}, 14},
	// Conditions in no shipped pathway: epilepsy, hypertension, multiple sclerosis.
	opt[condition]{condition{"84757009", -1, -1}, 4},
	opt[condition]{condition{"38341003", -1, -1}, 6},
	opt[condition]{condition{"24700007", -1, -1}, 1.5},
)

// complaint is a presenting complaint: its code variants (ICD-10 without the dot, or
// SNOMED CT), its anxiety disorder specific measure and persistent-physical-symptom
// measure (or -1), its pathway (or -1), and the improvement shift of its people.
type complaint struct {
	codes   []string
	adsm    int
	pps     int
	pathway int
	shift   float64
}

var complaints = weightedOf(
	opt[*complaint]{&complaint{[]string{"F321", "F320", "F322", "F329", "F32"}, -1, -1, -1, -0.01}, 30},
	opt[*complaint]{&complaint{[]string{"F331", "F332", "F339", "F33"}, -1, -1, -1, -0.04}, 6},
	opt[*complaint]{&complaint{[]string{"F411"}, -1, -1, -1, 0.06}, 27},
	opt[*complaint]{&complaint{[]string{"F412"}, -1, -1, -1, -0.02}, 7},
	opt[*complaint]{&complaint{[]string{"F410"}, panicDisorder, -1, -1, 0}, 3.5},
	opt[*complaint]{&complaint{[]string{"F400"}, agoraAlone, -1, -1, -0.08}, 1.2},
	opt[*complaint]{&complaint{[]string{"F401"}, socialPhobia, -1, -1, -0.06}, 4},
	opt[*complaint]{&complaint{[]string{"F422", "F420", "F429", "F42"}, ocd, -1, -1, -0.03}, 4.5},
	opt[*complaint]{&complaint{[]string{"F431"}, ptsd, -1, -1, -0.07}, 9},
	opt[*complaint]{&complaint{[]string{"F452"}, anxietyInventory, -1, -1, 0}, 2},
	opt[*complaint]{&complaint{[]string{"F432", "F419"}, -1, -1, -1, 0.02}, 3},
	opt[*complaint]{&complaint{[]string{"K580", "K589", "K58"}, -1, ibs, pwIBS, -0.06}, 0.9},
	opt[*complaint]{&complaint{[]string{"G933"}, -1, cfq, pwMECFS, -0.1}, 0.6},
	opt[*complaint]{&complaint{[]string{"723916001"}, -1, phq15, pwPPS, -0.07}, 0.9},
)

// Referral dates: more referrals in January, fewer in August and December, few at
// weekends (Monday first), and a slow rise over the years.
var monthFactor = [12]float64{1.12, 1.05, 1.05, 0.95, 1.0, 1.0, 0.98, 0.9, 1.02, 1.05, 1.03, 0.8}
var weekdayFactor = [7]float64{0.4, 1.25, 1.15, 1.1, 1.05, 0.95, 0.35} // Sunday first

// Items of care in utilisation.csv, with yearly use by people in the core service and
// by people in each pathway (people with long-term conditions use more of everything;
// heart and lung conditions more beds and ambulances, cancer more outpatient care).
var useItems = [...]string{
	"gp_consultation", "gp_phone_consultation", "practice_nurse_consultation",
	"ae_attendance", "outpatient_attendance", "nonelective_bed_day", "elective_bed_day",
	"ambulance_callout",
}

var coreUse = [len(useItems)]float64{5, 3, 1.5, 0.4, 1.2, 0.4, 0.2, 0.15}

var pathwayUse = [numPathways][len(useItems)]float64{
	pwDiabetes:        {9, 5, 5, 0.7, 4, 1.8, 0.6, 0.3},
	pwRespiratory:     {9, 5, 5, 1.0, 3.5, 3, 0.5, 0.5},
	pwHeart:           {9, 5, 4, 1.0, 5, 3, 1.0, 0.5},
	pwPain:            {10, 6, 3, 0.8, 4, 1.2, 0.8, 0.3},
	pwCancer:          {8, 5, 3, 0.8, 8, 2.5, 2.5, 0.35},
	pwMusculoskeletal: {8, 5, 2.5, 0.6, 4, 1, 1, 0.25},
	pwIBS:             {10, 6, 2, 0.6, 3, 0.6, 0.4, 0.2},
	pwMECFS:           {10, 6, 2, 0.5, 3, 0.6, 0.3, 0.2},
	pwPPS:             {11, 6, 2, 0.8, 3.5, 0.8, 0.4, 0.3},
}
