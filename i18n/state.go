package i18n

// The state of a batch run (--state) and the report command.
const (
	BatchStateResumed Message = "state.resumed"
	NeedsReport       Message = "needs.report"
	ErrReportFormat   Message = "err.report_format"
	NeedsReportMerge  Message = "needs.report_merge"
	ErrShardValue     Message = "err.shard_value"
)

var stateCatalogue = []entry{
	{BatchStateResumed, "continuing the run kept in %s (begun %s): what it finished is not verified again",
		"продолжается проверка, сохранённая в %s (начата %s): уже проверенное не проверяется повторно"},
	{NeedsReport, "%s needs STATE, the file of a batch run kept with --state", "%s: нужен файл состояния проверки (batch --state)"},
	{NeedsReportMerge, "%s needs the STATE files of every shard of one run", "%s: нужны файлы состояния всех частей одной проверки"},
	{ErrShardValue, "--shard %q: want K/N with 1 ≤ K ≤ N", "--shard %q: нужно K/N, где 1 ≤ K ≤ N"},
	{ErrReportFormat, "--format %q: want json, csv or html", "--format %q: допустимо json, csv или html"},
}
