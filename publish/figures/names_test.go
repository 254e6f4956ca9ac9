package figures

import "testing"

// Names of the national file, and what the NHS would write.
func TestTitleCase(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"NORTH EAST LONDON NHS FOUNDATION TRUST", "North East London NHS Foundation Trust"},
		{"ISLE OF WIGHT NHS TRUST", "Isle of Wight NHS Trust"},
		{"HEREFORDSHIRE AND WORCESTERSHIRE HEALTH AND CARE NHS TRUST", "Herefordshire and Worcestershire Health and Care NHS Trust"},
		{"NAVIGO HEALTH AND SOCIAL CARE CIC", "Navigo Health and Social Care CIC"},
		{"THE VILLAGE PRACTICE (THORNTON)", "The Village Practice (Thornton)"},
		{"ST JOHN'S HEALTH CENTRE", "St John's Health Centre"},
		{"MIND IN BEXLEY (HQ)", "Mind in Bexley (HQ)"},
		{"VITA HEALTH GROUP: NEWCASTLE IAPT", "Vita Health Group: Newcastle IAPT"},
		{"WE ARE WITH YOU IN SURREY", "We Are with You in Surrey"},
		{"TAKE TIME TO TALK", "Take Time to Talk"},
		{"HAMMERSMITH & FULHAM TALKING THERAPIES", "Hammersmith & Fulham Talking Therapies"},
		{"BMHC-FTB", "BMHC-FTB"},
		{"42ND STREET", "42nd Street"},
		{"BIKUR CHOLIM LTD", "Bikur Cholim Ltd"},
		{"BOOTHAM PARK HOSPITAL - ADMIN", "Bootham Park Hospital - Admin"},
		{"MIND IN MID HERTS - THE HATFIELD ROAD", "Mind in Mid Herts - The Hatfield Road"},
		{"SOUTHWARK PSYCHOLOGICAL THERAPIES SERVICES (THE SOUTHWARK IAPT)", "Southwark Psychological Therapies Services (The Southwark IAPT)"},
		{"NORTH-EAST LLP", "North-East LLP"},
		{"Demo Provider A", "Demo Provider A"}, // already mixed case: left alone
		{"", ""},
	} {
		if got := TitleCase(c.in); got != c.want {
			t.Errorf("TitleCase(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
