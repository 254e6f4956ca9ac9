package figures

// The palette: every colour a chart of the site draws with, named for what it marks,
// from the NHS identity colours (england.nhs.uk/nhsidentity, "Colours"). Each is at
// least 3:1 against Background, as WCAG 2.2 success criterion 1.4.11 (non-text
// contrast) asks of the parts of a graphic needed to read it; TestPaletteContrast
// checks every colour of every chart of the demonstration site, not this list.
const (
	// Background is drawn behind every chart, so that contrast is measured against a
	// known colour wherever the chart is placed (the NHS.UK page grey, a white panel,
	// paper).
	Background = "#ffffff"
	// Figure is this service's figures: NHS blue, 6.4:1.
	Figure = "#005eb8"
	// Interval is a 95% interval's whisker: NHS dark grey, 6.4:1.
	Interval = "#4c6272"
	// Reference is what a figure is measured against, a standard or England's figure:
	// NHS black, 14.4:1.
	Reference = "#212b32"
	// Own marks this service among others (the funnel plot): NHS pink, 6.3:1, with its
	// own shape too, so that it does not rely on colour.
	Own = "#ae2573"
	// Text is every label, axis and name: NHS black.
	Text = Reference
)

// seriesColours are the colours of several series in one chart, in order, NHS blue first;
// they stay apart for readers with the common kinds of colour blindness: blue, pink,
// dark green (6.9:1), purple (15.2:1).
var seriesColours = []string{Figure, Own, "#006747", "#330072"}
