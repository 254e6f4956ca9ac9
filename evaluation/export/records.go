package export

// The records below are what the readers hand on after a row has passed every check of
// the data contract: dates parsed, codes normalised, numbers validated. Fields that the
// export may leave empty hold their zero value ("" or the zero Date) unless noted.

// Referral is one row of referrals.csv.
type Referral struct {
	Line             int // physical line of the row in its file, for messages
	OrgIDProv        string
	ServiceRequestID string
	LocalPatientID   string
	OrgIDComm        string
	Received         Date
	Source           string
	Discharged       Date // zero while the referral is open
	EndCode          string
	Age              int    // whole years at referral; -1 when not known
	Gender           string // as exported, trimmed: "1", "2", "9", "X", "0" or ""
	EthnicCategory   string // as exported, trimmed and upper-cased
	IMDDecile        int    // 1 (most deprived) to 10; 0 when not known
}

// Key identifies a referral: (OrgIDProv, ServiceRequestId).
type Key struct {
	OrgIDProv        string
	ServiceRequestID string
}

// Contact is one row of care_contacts.csv.
type Contact struct {
	Line             int
	OrgIDProv        string // may be empty: then the referral is found by ServiceRequestID alone
	ServiceRequestID string
	CareContactID    string
	Date             Date
	AppType          string // normalised to two digits: "1" → "01"
	AttendOrDNACode  string // normalised without leading zeros: "05" → "5"
	ConsMechanism    string // normalised to two digits
	Integrated       bool   // IAPTLTCServiceInd = Y
	DurationMinutes  int    // -1 when not given
	Intensity        string // "LI", "HI" or ""
}

// Assessment is one row of assessments.csv: one scored questionnaire.
type Assessment struct {
	Line             int
	OrgIDProv        string
	ServiceRequestID string
	CareContactID    string
	Date             Date
	Tool             string // CodedAssToolType as exported (SNOMED CT code or short name), trimmed
	Score            float64
}

// Complaint is one row of presenting_complaints.csv.
type Complaint struct {
	Line             int
	OrgIDProv        string
	ServiceRequestID string
	Code             string // upper-cased, without dots: "F41.0" → "F410"
	Primary          bool   // PresCompCodSig = P
	Secondary        bool   // PresCompCodSig = S
	Date             Date   // may be zero
}

// Condition is one row of long_term_conditions.csv. Conditions belong to the person.
type Condition struct {
	Line           int
	LocalPatientID string
	OrgIDProv      string
	Code           string // SNOMED CT code, trimmed
}

// Use is one row of utilisation.csv: healthcare use of one person in one window.
type Use struct {
	Line             int
	ServiceRequestID string
	OrgIDProv        string
	Comparison       bool   // Group = comparison (default treated)
	Pathway          string // pathway slug of a comparison person; "" for none
	Post             bool   // Window = post (otherwise pre)
	WindowMonths     float64
	Item             string
	Count            float64
}
