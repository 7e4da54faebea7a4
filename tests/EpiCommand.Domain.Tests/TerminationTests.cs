using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>Termination: Tongliao 001 §8.1 (L + 14) and Wujin 004 八(二)1 (later of L + 28 and importRiskLow).</summary>
public class TerminationTests
{
    // ---- Tongliao ----

    [Fact]
    public void TongliaoResponseMayEndFromExactlyFourteenDaysAfterTheLastCase()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-01").Case(CommunityB, "2020-11-06T21:40");

        var dayBefore = Assess.Tongliao(scenario, "2020-11-19").Row(Horqin);
        var onTheDay = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Assess.Day("2020-11-06"), dayBefore.LastCaseDate);
        Assert.Equal(Assess.Day("2020-11-20"), dayBefore.TerminationEligibleFrom);
        Assert.False(dayBefore.TerminationEligibleOn(Assess.Day("2020-11-19")));
        Assert.Equal(Assess.Day("2020-11-06"), onTheDay.LastCaseDate);
        Assert.Equal(Assess.Day("2020-11-20"), onTheDay.TerminationEligibleFrom);
        Assert.True(onTheDay.TerminationEligibleOn(Assess.Day("2020-11-20")));
    }

    [Fact]
    public void TongliaoTerminationReasonCarriesClauseAndLastCaseDate()
    {
        var county = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-06"), "2020-11-20").Row(Horqin);

        var reason = county.Reason(ReasonTopic.Termination, "8.1");
        Assert.Equal("2020-11-06", reason.Facts["lastCaseDate"]);
        Assert.Equal(14, reason.Facts["daysAfter"]);
        Assert.Equal("2020-11-20", reason.Facts["terminationEligibleFrom"]);
        Assert.Equal(ReasonStatus.Met, reason.Status);
        Assert.Null(reason.MissingJudgment);
    }

    // requirements.md "Scenario files and assess": the termination reason is met from its day on, notYet before it.
    [Fact]
    public void TongliaoTerminationReasonIsNotYetTheDayBeforeAndMetOnTheDay()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-06");

        var dayBefore = Assess.Tongliao(scenario, "2020-11-19").Row(Horqin).Reason(ReasonTopic.Termination, "8.1");
        var onTheDay = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).Reason(ReasonTopic.Termination, "8.1");

        Assert.Equal(ReasonStatus.NotYet, dayBefore.Status);
        Assert.Equal("2020-11-20", dayBefore.Facts["terminationEligibleFrom"]);
        Assert.Null(dayBefore.MissingJudgment);
        Assert.Equal(ReasonStatus.Met, onTheDay.Status);
    }

    [Fact]
    public void TongliaoLastCaseCountsImportedAndAsymptomaticCases()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-11-01")
            .Case(CommunityA, "2020-11-06", Classification.Asymptomatic, InfectionSource.Imported);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Assess.Day("2020-11-06"), county.LastCaseDate);
        Assert.Equal(Assess.Day("2020-11-20"), county.TerminationEligibleFrom);
    }

    [Fact]
    public void TongliaoLastCaseUsesTheReportDayNotTheIsolationDay()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-06", isolated: "2020-11-02");

        Assert.Equal(Assess.Day("2020-11-06"), Assess.Tongliao(scenario, "2020-11-20").Row(Horqin).LastCaseDate);
    }

    [Fact]
    public void SuspectedCaseIsNeverTheLastCase()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-01").Case(CommunityA, "2020-11-12", Classification.Suspected);

        var county = Assess.Tongliao(scenario, "2020-11-20").Row(Horqin);

        Assert.Equal(Assess.Day("2020-11-01"), county.LastCaseDate);
        Assert.Equal(Assess.Day("2020-11-15"), county.TerminationEligibleFrom);
    }

    [Fact]
    public void CaseReportedAfterTheAsOfDayIsNotTheLastCase()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-11-01").Case(CommunityA, "2020-11-10");

        var county = Assess.Tongliao(scenario, "2020-11-05").Row(Horqin);

        Assert.Equal(Assess.Day("2020-11-01"), county.LastCaseDate);
        Assert.Equal(Assess.Day("2020-11-15"), county.TerminationEligibleFrom);
    }

    [Fact]
    public void LastCaseDateBelongsToEveryRegionAboveTheCase()
    {
        var result = Assess.Tongliao(new ScenarioBuilder().Case(CommunityA, "2020-11-06"), "2020-11-20");

        Assert.Equal(Assess.Day("2020-11-06"), result.Row(Tongliao).LastCaseDate);
        Assert.Equal(Assess.Day("2020-11-20"), result.Row(Tongliao).TerminationEligibleFrom);
        Assert.Equal(Assess.Day("2020-11-06"), result.Row(Province).LastCaseDate);
        Assert.Null(result.Row(Kailu).LastCaseDate);
        Assert.Null(result.Row(Kailu).TerminationEligibleFrom);
        Assert.Null(result.Row(Chifeng).LastCaseDate);
    }

    // ---- Wujin ----

    [Fact]
    public void WujinWithoutImportRiskLowIsNotEligibleButHasALastCaseDate()
    {
        var county = Assess.Wujin(new ScenarioBuilder().Case(CommunityA, "2020-02-01"), "2020-03-25").Row(Horqin);

        Assert.Equal(Assess.Day("2020-02-01"), county.LastCaseDate);
        Assert.Null(county.TerminationEligibleFrom);
        var reason = county.Reason(ReasonTopic.Termination, "八(二)1");
        Assert.Equal(ReasonStatus.Pending, reason.Status);
        Assert.Equal("importRiskLow", reason.MissingJudgment);
        Assert.False(reason.Facts.ContainsKey("terminationEligibleFrom"));
    }

    [Fact]
    public void WujinWithImportRiskLowBeforeLPlus28IsNotYetThenMet()
    {
        // L = 02-01, judgment from 02-10: the day is known (02-29) once the judgment counts; notYet until then.
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-02-01").Judgment(JudgmentKind.ImportRiskLow, Horqin, "2020-02-10");

        Assert.Equal(ReasonStatus.Pending, Assess.Wujin(scenario, "2020-02-09").Row(Horqin).Reason(ReasonTopic.Termination, "八(二)1").Status);
        Assert.Equal(ReasonStatus.NotYet, Assess.Wujin(scenario, "2020-02-28").Row(Horqin).Reason(ReasonTopic.Termination, "八(二)1").Status);
        Assert.Equal(ReasonStatus.Met, Assess.Wujin(scenario, "2020-02-29").Row(Horqin).Reason(ReasonTopic.Termination, "八(二)1").Status);
    }

    [Fact]
    public void WujinImportRiskLowBeforeLPlus28GivesLPlus28()
    {
        // L = 02-01; L + 28 = 02-29 (2020 is a leap year).
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-02-01").Judgment(JudgmentKind.ImportRiskLow, Horqin, "2020-02-10");

        var county = Assess.Wujin(scenario, "2020-03-25").Row(Horqin);

        Assert.Equal(Assess.Day("2020-02-01"), county.LastCaseDate);
        Assert.Equal(Assess.Day("2020-02-29"), county.TerminationEligibleFrom);
    }

    [Fact]
    public void WujinImportRiskLowAfterLPlus28GivesItsOwnDay()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-02-01").Judgment(JudgmentKind.ImportRiskLow, Horqin, "2020-03-20");

        var county = Assess.Wujin(scenario, "2020-03-25").Row(Horqin);

        Assert.Equal(Assess.Day("2020-02-01"), county.LastCaseDate);
        Assert.Equal(Assess.Day("2020-03-20"), county.TerminationEligibleFrom);
    }

    [Fact]
    public void WujinImportRiskLowAfterTheAsOfDayDoesNotCountYet()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-02-01").Judgment(JudgmentKind.ImportRiskLow, Horqin, "2020-03-20");

        Assert.Null(Assess.Wujin(scenario, "2020-03-19").Row(Horqin).TerminationEligibleFrom);
    }

    [Fact]
    public void WujinLastCaseUsesTheIsolationDay()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-02-07", isolated: "2020-01-31")
            .Judgment(JudgmentKind.ImportRiskLow, Horqin, "2020-02-01");

        var county = Assess.Wujin(scenario, "2020-03-25").Row(Horqin);

        Assert.Equal(Assess.Day("2020-01-31"), county.LastCaseDate);
        Assert.Equal(Assess.Day("2020-02-28"), county.TerminationEligibleFrom);
    }

    [Fact]
    public void WujinLastCaseUsesTheReportDayWhenThereIsNoIsolationDay()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-02-07", isolated: "2020-01-31")
            .Case(CommunityA, "2020-02-03");

        Assert.Equal(Assess.Day("2020-02-03"), Assess.Wujin(scenario, "2020-03-25").Row(Horqin).LastCaseDate);
    }

    [Fact]
    public void WujinLastCaseIgnoresImportedAndAsymptomaticCases()
    {
        var scenario = new ScenarioBuilder()
            .Case(CommunityA, "2020-02-01")
            .Case(CommunityA, "2020-02-10", source: InfectionSource.Imported)
            .Case(CommunityA, "2020-02-12", Classification.Asymptomatic);

        Assert.Equal(Assess.Day("2020-02-01"), Assess.Wujin(scenario, "2020-03-25").Row(Horqin).LastCaseDate);
    }

    [Fact]
    public void WujinWithOnlyImportedCasesHasNoLastCaseDate()
    {
        var county = Assess.Wujin(new ScenarioBuilder().Case(CommunityA, "2020-02-10", source: InfectionSource.Imported), "2020-02-12").Row(Horqin);

        Assert.Equal(Grade.IV, county.Grade);
        Assert.Null(county.LastCaseDate);
        Assert.Null(county.TerminationEligibleFrom);
    }

    [Fact]
    public void WujinImportRiskLowForTheCityDoesNotCountForTheDistrict()
    {
        var scenario = new ScenarioBuilder().Case(CommunityA, "2020-02-01").Judgment(JudgmentKind.ImportRiskLow, Tongliao, "2020-02-10");

        Assert.Null(Assess.Wujin(scenario, "2020-03-25").Row(Horqin).TerminationEligibleFrom);
    }
}
