package synth

import (
	"math"
	"math/rand/v2"
)

// Instruments, by index. PHQ-9 and GAD-7 are written as SNOMED CT codes and the others
// by their short names, as real exports do (measures.md lists both forms).
const (
	phq9 = iota
	gad7
	socialPhobia
	panicDisorder
	agoraAlone
	ocd
	ptsd
	anxietyInventory
	phq15
	ibs
	cfq
	wsas
	dds
	cat
	bpi
)

// instrument holds what the generator needs of a questionnaire: how it is written, its
// range and decimals, and, for anxiety and physical-symptom measures, how a GAD-7-like
// severity maps onto its scale (value = threshold + (severity − 8) × slope, so that the
// GAD-7 caseness threshold 8 lands on the instrument's own threshold).
type instrument struct {
	code      string
	min, max  float64
	decimals  int
	threshold float64
	slope     float64
}

var instruments = [...]instrument{
	phq9:             {code: "720433000", max: 27, threshold: 10},
	gad7:             {code: "445455005", max: 21, threshold: 8},
	socialPhobia:     {code: "SocialPhobia", max: 68, threshold: 19, slope: 4.2},
	panicDisorder:    {code: "PanicDisorder", max: 28, threshold: 8, slope: 1.4},
	agoraAlone:       {code: "AgoraAlone", min: 1, max: 5, decimals: 2, threshold: 2.3, slope: 0.18},
	ocd:              {code: "OCD", max: 72, threshold: 14, slope: 3.2},
	ptsd:             {code: "PTSD", max: 80, threshold: 32, slope: 3.6},
	anxietyInventory: {code: "AnxietyInventory", max: 54, threshold: 18, slope: 1.8},
	phq15:            {code: "PHQ15", max: 30, threshold: 10, slope: 1.0},
	ibs:              {code: "IBS", max: 500, threshold: 75, slope: 37},
	cfq:              {code: "CFQ", max: 33, threshold: 19, slope: 1.4},
	wsas:             {code: "WSAS", max: 40},
	dds:              {code: "DDS", min: 1, max: 6, decimals: 2},
	cat:              {code: "CAT", max: 40},
	bpi:              {code: "BPI", max: 10, decimals: 1},
}

// clampRound rounds v to the instrument's decimals and keeps it in range, so every
// generated score is valid.
func (in *instrument) clampRound(v float64) float64 {
	p := math.Pow10(in.decimals)
	v = math.Round(v*p) / p
	return min(max(v, in.min), in.max)
}

// Calibration of the score model (see trajectory). With these values the generator
// reproduces England's 2024-25 figures for finished courses: about 95% at caseness,
// recovery about 50%, reliable improvement about 67%, reliable deterioration about 6%.
// They were tuned by running the generator against the independent calculation in
// synth_test.go.
const (
	phqMean, phqSpread, phqOwn = 15.0, 4.0, 2.2 // first PHQ-9: mean, shared and own spread
	gadMean, gadSpread, gadOwn = 12.7, 3.0, 2.0 // first GAD-7
	improveMean                = 0.57           // mean share of the first score lost by the end
	improveSD                  = 0.36
	severityDrag               = 0.10  // less improvement per standard deviation of severity
	worsenShare                = 0.085 // share of courses that go badly
	worsenMean, worsenSD       = -0.28, 0.2
	ownImproveSD               = 0.08 // how far one measure's improvement strays from the person's
	phqNoise, gadNoise         = 1.0, 0.9
)

// trajectory is one referral's course on every instrument it uses: a first score and a
// share of it lost by the end of treatment; scores in between follow a curve that drops
// faster early on, plus noise at every session after the first.
type trajectory struct {
	first [len(instruments)]float64
	gain  [len(instruments)]float64 // share of first lost by the end; negative = worse
}

// newTrajectory draws the course of one referral. shift moves the person's expected
// improvement (age, deprivation, condition, complaint, provider).
func newTrajectory(r *rand.Rand, shift float64) trajectory {
	var tr trajectory
	z := r.NormFloat64()
	tr.first[phq9] = phqMean + phqSpread*z + phqOwn*r.NormFloat64()
	anx := gadMean + gadSpread*z + gadOwn*r.NormFloat64()
	tr.first[gad7] = anx

	var u float64
	if r.Float64() < worsenShare {
		u = worsenMean + worsenSD*r.NormFloat64()
	} else {
		// The more severe improve by a smaller share, as in practice.
		u = improveMean + shift - severityDrag*z + improveSD*r.NormFloat64()
	}
	u = min(u, 1)
	tr.gain[phq9] = u + ownImproveSD*r.NormFloat64()
	tr.gain[gad7] = u + ownImproveSD*r.NormFloat64()

	// Anxiety-disorder and physical-symptom measures follow the same anxiety severity
	// on their own scale, with their own share of noise.
	for i := socialPhobia; i <= cfq; i++ {
		in := &instruments[i]
		sev := anx + 1.5*r.NormFloat64()
		tr.first[i] = in.threshold + (sev-8)*in.slope
		tr.gain[i] = u + 1.2*ownImproveSD*r.NormFloat64()
	}
	// Functioning and condition-specific measures move less than mood does.
	tr.first[wsas] = 22 + 3*z + 6*r.NormFloat64()
	tr.gain[wsas] = 0.6*u + 0.15*r.NormFloat64()
	tr.first[dds] = 2.9 + 0.8*r.NormFloat64()
	tr.gain[dds] = 0.25*u + 0.08*r.NormFloat64()
	tr.first[cat] = 21 + 7*r.NormFloat64()
	tr.gain[cat] = 0.25*u + 0.1*r.NormFloat64()
	tr.first[bpi] = 6.2 + 1.8*r.NormFloat64()
	tr.gain[bpi] = 0.3*u + 0.12*r.NormFloat64()
	return tr
}

// at returns the score on instrument i at progress t (0 first session, 1 last).
func (tr *trajectory) at(r *rand.Rand, i int, t float64) float64 {
	in := &instruments[i]
	v := tr.first[i]
	if t > 0 {
		base := v - in.min
		v = in.min + base*(1-tr.gain[i]*math.Pow(t, 0.6))
		switch i {
		case phq9:
			v += phqNoise * r.NormFloat64()
		case gad7:
			v += gadNoise * r.NormFloat64()
		default:
			v += 0.06 * (in.max - in.min) * r.NormFloat64()
		}
	}
	return in.clampRound(v)
}
