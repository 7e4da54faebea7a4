using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Assessment;

/// <summary>
/// The JSON shape of an assessment, a public contract (requirements.md, "Scenario files and assess"):
/// regions in input order, grades as IV/III/II/I, nulls written out, dates as YYYY-MM-DD.
/// </summary>
public static class AssessmentJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record ReasonDto(string Topic, string Clause, string Criterion, string Status, string? MissingJudgment, IReadOnlyDictionary<string, object?> Facts);

    public sealed record RegionDto(
        string Code, string Name, string Level, string? Grade, string? PendingGrade, string? Risk, string? Warning,
        string? LastCaseDate, string? TerminationEligibleFrom, IReadOnlyList<ReasonDto> Reasons);

    public sealed record ClusterDto(string Setting, string? County, string FormedOn, string LastCaseDate, int Cases);

    public sealed record ResultDto(string Plan, string AsOf, IReadOnlyList<RegionDto> Regions, IReadOnlyList<ClusterDto> Clusters);

    public static ResultDto ToDto(AssessmentResult result) => new(
        result.Plan,
        Day(result.AsOf),
        result.Regions.Select(r => new RegionDto(
            r.Code, r.Name, r.Level.ToName(), r.Grade?.ToString(), r.PendingGrade?.ToString(), r.Risk?.ToName(), r.Warning?.ToString(),
            r.LastCaseDate is { } l ? Day(l) : null,
            r.TerminationEligibleFrom is { } t ? Day(t) : null,
            r.Reasons.Select(x => new ReasonDto(EnumNames.Of(x.Topic), x.Clause, x.Criterion, EnumNames.Of(x.Status), x.MissingJudgment, x.Facts)).ToList()))
            .ToList(),
        result.Clusters.Select(c => new ClusterDto(c.Setting, c.County, Day(c.FormedOn), Day(c.LastCaseDate), c.Cases)).ToList());

    public static string Serialize(AssessmentResult result, bool indented = false) =>
        JsonSerializer.Serialize(ToDto(result), indented ? IndentedOptions : Options);

    private static readonly JsonSerializerOptions IndentedOptions = new(Options) { WriteIndented = true };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
