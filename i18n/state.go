package i18n

// The state of a batch run (--state) and the report command.
const (
	BatchStateResumed Message = "state.resumed"
	NeedsReport       Message = "needs.report"
	ErrReportFormat   Message = "err.report_format"
)

var stateCatalogue = []entry{
	{BatchStateResumed, "continuing the run kept in %s (begun %s): what it finished is not verified again",
		"продолжается проверка, сохранённая в %s (начата %s): уже проверенное не проверяется повторно"},
	{NeedsReport, "%s needs STATE, the file of a batch run kept with --state", "%s: нужен файл состояния проверки (batch --state)"},
	{ErrReportFormat, "--format %q: want json, csv or html", "--format %q: допустимо json, csv или html"},
}
