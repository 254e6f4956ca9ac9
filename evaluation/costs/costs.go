// Package costs is the local cost-saving evaluation for commissioners: did people's use
// of the wider health system (GP time, A&E, hospital beds, …) fall after treatment, by
// how much in pounds, with what uncertainty, and does the saving cover the cost of the
// service.
//
// Each person's healthcare use is counted in a window before treatment and a window of
// the same length after (utilisation.csv of the data contract). A person's cost in a
// window is Σ count × unit cost over the items of care; the change is post − pre. For
// all people and for each long-term-condition pathway the evaluation gives the mean
// before, after and change, overall and by item, with 95% bootstrap percentile
// intervals (resampling persons, a fixed seed); with a comparison group, the difference
// in differences; the savings a year, net of the cost of the service, and the return on
// investment; and the change for those who recovered beside those who did not.
//
// The package takes plain inputs (Person, UnitCosts, ServiceCosts) so that it can be
// used and tested apart from the outcome measures; Collect builds the persons from the
// export's utilisation rows.
package costs

// Groups of people in a report.
const (
	Treated      = "treated"
	Comparison   = "comparison"
	Difference   = "difference" // treated change − comparison change
	Recovered    = "recovered"
	NotRecovered = "not_recovered"
)

// Person is one person's healthcare use before and after treatment.
type Person struct {
	// Comparison marks a matched person who was not treated.
	Comparison bool
	// Pathways are the slugs of the long-term-condition pathways the person is in.
	Pathways []string
	// Recovered is whether the person recovered (the national Recovery_Flag), for
	// treated people counted in the recovery rate; nil when not known.
	Recovered *bool
	// Appointments are the person's attended treatment appointments, which a cost of
	// the service per appointment is applied to.
	Appointments Appointments
	// WindowMonths is the length of each of the two windows.
	WindowMonths float64
	// Pre and Post count each item of care used in the window before and after.
	Pre, Post map[string]float64
}

// Appointments count attended treatment appointments by intensity.
type Appointments struct {
	LI, HI int
	// Unknown are appointments whose intensity was not recorded: a cost per
	// appointment by intensity cannot be applied to them, so reports count them.
	Unknown int
}
