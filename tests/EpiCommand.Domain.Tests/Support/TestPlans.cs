using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Tests.Support;

/// <summary>The real plan files, copied beside the tests, loaded once.</summary>
internal static class TestPlans
{
    private static readonly Lazy<PlanCatalog> LazyCatalog = new(() => PlanCatalog.LoadFolder(Folder));

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "plans");

    public static PlanCatalog Catalog => LazyCatalog.Value;

    public static Plan Tongliao => Catalog.Get("tongliao-2020");

    public static Plan Wujin => Catalog.Get("wujin-2020");
}

internal static class Assess
{
    public static AssessmentResult Tongliao(ScenarioBuilder scenario, string asOf) => Tongliao(scenario.Build(), asOf);

    public static AssessmentResult Tongliao(Scenario scenario, string asOf) =>
        AssessmentEngine.Assess(TestPlans.Tongliao, scenario, ScenarioBuilder.Day(asOf));

    public static AssessmentResult Wujin(ScenarioBuilder scenario, string asOf) => Wujin(scenario.Build(), asOf);

    public static AssessmentResult Wujin(Scenario scenario, string asOf) =>
        AssessmentEngine.Assess(TestPlans.Wujin, scenario, ScenarioBuilder.Day(asOf));

    /// <summary>The row of a region; fails the test when it is missing.</summary>
    public static RegionAssessment Row(this AssessmentResult result, string code) =>
        result.Find(code) ?? throw new Xunit.Sdk.XunitException($"no row for region {code}");

    /// <summary>The one reason of a topic with a clause.</summary>
    public static Reason Reason(this RegionAssessment row, ReasonTopic topic, string clause)
    {
        var matching = row.Reasons.Where(r => r.Topic == topic && r.Clause == clause).ToList();
        Assert.True(matching.Count == 1,
            $"expected one {topic} reason with clause {clause} on {row.Code}, found {matching.Count}; reasons: {string.Join("; ", row.Reasons.Select(r => $"{r.Topic} {r.Clause}"))}");
        return matching[0];
    }

    public static bool HasReason(this RegionAssessment row, ReasonTopic topic, string clause) =>
        row.Reasons.Any(r => r.Topic == topic && r.Clause == clause);

    public static DateOnly Day(string day) => ScenarioBuilder.Day(day);
}
