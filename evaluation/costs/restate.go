package costs

import (
	"fmt"

	"github.com/iaptpub/iaptpub/evaluation/prices"
)

// Restate puts the unit costs and the cost of the service at prices of year with the
// inflation index ix, so that a report adds up pounds of one year. The cost of the
// service, when entered, must say its price year.
func Restate(unit UnitCosts, service ServiceCosts, ix *prices.Index, year string) (UnitCosts, ServiceCosts, error) {
	unit, err := unit.At(ix, year)
	if err != nil {
		return nil, ServiceCosts{}, fmt.Errorf("%s: %w", UnitCostsFile, err)
	}
	service.StatedYear = service.PriceYear
	if !service.Entered() {
		return unit, service, nil
	}
	if service.PriceYear == "" {
		return nil, ServiceCosts{}, fmt.Errorf("%s: key \"price_year\": the cost of the service is entered but not the year of its prices: give it (e.g. %q) so that it can be set beside the savings at %s prices", ServiceCostsFile, prices.DefaultYear, year)
	}
	f, err := ix.Factor(service.PriceYear, year)
	if err != nil {
		return nil, ServiceCosts{}, fmt.Errorf("%s: key \"price_year\": %w", ServiceCostsFile, err)
	}
	service.LowIntensityAppointment *= f
	service.HighIntensityAppointment *= f
	service.Programme *= f
	service.PriceYear = year
	return unit, service, nil
}
