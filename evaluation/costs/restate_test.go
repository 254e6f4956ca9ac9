package costs

import (
	"math"
	"strings"
	"testing"

	iaptpub "github.com/iaptpub/iaptpub"
	"github.com/iaptpub/iaptpub/evaluation/prices"
)

// Worked by hand with PSSRU Unit Costs 2024 Table 12.1.1 (pay & prices): 2020/21
// 2.49%, 2021/22 2.58%, 2022/23 7.32%, 2023/24 4.31%.
func TestRestate(t *testing.T) {
	unit, err := LoadUnitCosts(iaptpub.Sources, UnitCostsFile)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := prices.Load(iaptpub.Sources, prices.File)
	if err != nil {
		t.Fatal(err)
	}
	// The service's own cost, entered at 2019/20 prices.
	service := ServiceCosts{LowIntensityAppointment: 100, HighIntensityAppointment: 200, PriceYear: "2019/20", Source: "budget"}
	at, svc, err := Restate(unit, service, ix, "2021/22")
	if err != nil {
		t.Fatal(err)
	}
	pence := func(v float64) float64 { return math.Round(v*100) / 100 }
	ae := at[at.index("ae_attendance")]
	// 273 ÷ 1.0732 ÷ 1.0431 = 243.87; the source's figure stays beside it.
	if pence(ae.UnitCost) != 243.87 || ae.PriceYear != "2021/22" || ae.Stated != 273 || ae.StatedYear != "2023/24" {
		t.Errorf("A&E at 2021/22: %+v", ae)
	}
	// 100 × 1.0249 × 1.0258 = 105.13; 200 × the same = 210.27.
	if pence(svc.LowIntensityAppointment) != 105.13 || pence(svc.HighIntensityAppointment) != 210.27 || svc.PriceYear != "2021/22" || svc.StatedYear != "2019/20" {
		t.Errorf("service at 2021/22: %+v", svc)
	}
	if _, ok := at.Cost("gp_phone_consultation"); ok {
		t.Error("an item with no cost got one by restating")
	}
	// A cost of the service with no price year cannot be restated.
	service.PriceYear = ""
	if _, _, err := Restate(unit, service, ix, "2023/24"); err == nil || !strings.Contains(err.Error(), `key "price_year": the cost of the service is entered but not the year of its prices`) {
		t.Errorf("no price year: %v", err)
	}
	// A unit cost at a year the index does not cover names the item.
	old := UnitCosts{{Item: "gp", UnitCost: 27, Stated: 27, StatedYear: "2012/13", PriceYear: "2012/13", Source: "PSSRU 2013", Factor: 1}}
	if _, _, err := Restate(old, ServiceCosts{}, ix, "2023/24"); err == nil || !strings.Contains(err.Error(), "unit cost of gp: price year 2012/13 is outside") {
		t.Errorf("old year: %v", err)
	}
	if _, _, err := Restate(unit, ServiceCosts{}, ix, "2025/26"); err == nil || !strings.Contains(err.Error(), "covers 2014/15 to 2023/24") {
		t.Errorf("unknown report year: %v", err)
	}
}
