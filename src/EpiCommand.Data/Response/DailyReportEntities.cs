using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>The three daily reports that start with a level IV response (001 §5.2.1): 疫情零报告、病情日报告、工作日报告.</summary>
public enum DailyReportKind { Zero, Cases, Work }

/// <summary>One county's report of one kind for one day (CST).</summary>
public sealed class DailyReport : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DateOnly Day { get; set; }
    public DailyReportKind Kind { get; set; }
    public int NewConfirmed { get; set; }
    public int NewAsymptomatic { get; set; }
    public int NewSuspected { get; set; }
    public int UnderTreatment { get; set; }
    public int ContactsUnderObservation { get; set; }
    public required string Text { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
}
