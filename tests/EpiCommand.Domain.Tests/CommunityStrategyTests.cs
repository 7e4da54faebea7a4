using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>The strategy per community state (001 §5.2.5, requirements C8).</summary>
public class CommunityStrategyTests
{
    private static IReadOnlyList<CommunityStatus> Assess(ScenarioBuilder scenario, string day, string region = Tongliao)
    {
        var plan = TestPlans.Tongliao;
        return CommunityStrategy.Assess(AssessmentEngine.Index(plan, scenario.Build()), plan.Parameters, ScenarioBuilder.Day(day), region);
    }

    private static CommunityStatus Of(IReadOnlyList<CommunityStatus> statuses, string code) => Assert.Single(statuses, s => s.Code == code);

    [Theory]
    [InlineData(0, false, CommunityState.NoCase, "外防输入、内防反弹")]
    [InlineData(1, false, CommunityState.Cases, "内防扩散、外防输出")]
    [InlineData(7, false, CommunityState.Cases, "内防扩散、外防输出")]
    [InlineData(2, true, CommunityState.Transmission, "内遏蔓延、外防输出")]
    public void EachStateHasTheStrategyOfThePlan(int cases, bool transmission, CommunityState state, string strategy)
    {
        Assert.Equal(state, CommunityStrategy.StateOf(cases, transmission));
        Assert.Equal(strategy, CommunityStrategy.Strategy(state));
    }

    [Fact]
    public void CommunityWithACaseWithinFourteenDaysStopsSpreadAndTheOthersKeepImportsOut()
    {
        var statuses = Assess(new ScenarioBuilder().Case(CommunityA, "2020-11-10"), "2020-11-12");

        Assert.Equal(CommunityState.Cases, Of(statuses, CommunityA).State);
        Assert.Equal(1, Of(statuses, CommunityA).CasesWithinWindow);
        Assert.Equal(CommunityState.NoCase, Of(statuses, CommunityB).State);
        Assert.Equal(CommunityState.NoCase, Of(statuses, KailuCommunity).State);
    }

    [Fact]
    public void ACaseCountsForFourteenDaysIncludingItsDay()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-01");

        Assert.Equal(CommunityState.Cases, Of(Assess(scenario, "2020-11-14"), CommunityA).State);
        Assert.Equal(CommunityState.NoCase, Of(Assess(scenario, "2020-11-15"), CommunityA).State);
    }

    [Fact]
    public void ACaseReportedAfterTheDayIsNotKnownOnIt()
    {
        var statuses = Assess(new ScenarioBuilder().Case(CommunityA, "2020-11-10"), "2020-11-09");

        Assert.Equal(CommunityState.NoCase, Of(statuses, CommunityA).State);
    }

    [Fact]
    public void TwoCasesOfUnknownSourceMakeTransmissionButOneDoesNot()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-05", source: InfectionSource.Unknown)
            .Case(CommunityA, "2020-11-09", source: InfectionSource.Unknown)
            .Case(CommunityB, "2020-11-09", source: InfectionSource.Unknown);

        var statuses = Assess(scenario, "2020-11-10");

        Assert.Equal(CommunityState.Transmission, Of(statuses, CommunityA).State);
        Assert.True(Of(statuses, CommunityA).Transmission);
        Assert.Equal(CommunityState.Cases, Of(statuses, CommunityB).State);
    }

    [Fact]
    public void SuspectedCasesDoNotCount()
    {
        var statuses = Assess(new ScenarioBuilder().Case(CommunityA, "2020-11-10", Classification.Suspected), "2020-11-10");

        Assert.Equal(CommunityState.NoCase, Of(statuses, CommunityA).State);
    }

    [Fact]
    public void OnlyTheCommunitiesBelowTheRegionAreListed()
    {
        var statuses = Assess(new ScenarioBuilder(), "2020-11-10", Horqin);

        Assert.Equal([CommunityA, CommunityB], statuses.Select(s => s.Code).Order().ToArray());
    }

    [Fact]
    public void AnUnknownRegionIsRefused()
    {
        Assert.Throws<ArgumentException>(() => Assess(new ScenarioBuilder(), "2020-11-10", "999999"));
    }
}
