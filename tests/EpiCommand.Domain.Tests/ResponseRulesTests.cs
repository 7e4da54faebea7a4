using System.Globalization;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Response;

namespace EpiCommand.Domain.Tests;

/// <summary>Who must respond at which level, and what the engine recommends (001 §5.2.1, §5.3.1, §5.4.1, §8.1; 004 §八).</summary>
public sealed class ResponseRulesTests
{
    private static readonly PlanCatalog Plans = PlanCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "plans"));
    private static readonly Plan Tongliao = Plans.Get("tongliao-2020");
    private static readonly Plan Wujin = Plans.Get("wujin-2020");
    private static readonly DateOnly Today = new(2020, 11, 20);

    [Theory]
    [InlineData(RegionLevel.County, Grade.IV, "IV")]
    [InlineData(RegionLevel.County, Grade.III, "IV")] // §5.3.1: at III the city responds; the county keeps its IV response
    [InlineData(RegionLevel.City, Grade.IV, null)]
    [InlineData(RegionLevel.City, Grade.III, "III")]
    [InlineData(RegionLevel.City, Grade.II, "III")]
    [InlineData(RegionLevel.Province, Grade.III, null)]
    [InlineData(RegionLevel.Province, Grade.II, "II")]
    [InlineData(RegionLevel.Province, Grade.I, "I")]
    public void TongliaoRespondsAtTheLevelItsPlanNames(RegionLevel jurisdiction, Grade grade, string? expected) =>
        Assert.Equal(expected, ResponseRules.Required(Tongliao, jurisdiction, grade)?.Level);

    [Fact]
    public void AGradeActivatesAndAHigherGradeRaisesSkippingLevels()
    {
        var activate = ResponseRules.Recommend(Wujin, RegionLevel.County, Grade.IV, null, null, Today);
        Assert.Equal((DecisionKind.Activate, null, "IV"), (activate!.Kind, activate.From, activate.To));
        var raise = ResponseRules.Recommend(Wujin, RegionLevel.County, Grade.II, "IV", null, Today);
        Assert.Equal((DecisionKind.Raise, "IV", "II"), (raise!.Kind, raise.From, raise.To));
    }

    [Fact]
    public void AFallenGradeLowersAndTheSameGradeRecommendsNothing()
    {
        var lower = ResponseRules.Recommend(Wujin, RegionLevel.County, Grade.IV, "III", null, Today);
        Assert.Equal((DecisionKind.Lower, "III", "IV"), (lower!.Kind, lower.From, lower.To));
        Assert.Null(ResponseRules.Recommend(Wujin, RegionLevel.County, Grade.III, "III", null, Today));
        Assert.Null(ResponseRules.Recommend(Tongliao, RegionLevel.County, null, null, null, Today));
    }

    [Fact]
    public void TerminationIsRecommendedOnlyFromTheDayThePlanAllows()
    {
        Assert.Null(ResponseRules.Recommend(Tongliao, RegionLevel.County, null, "IV", Today.AddDays(1), Today));
        var terminate = ResponseRules.Recommend(Tongliao, RegionLevel.County, null, "IV", Today, Today);
        Assert.Equal((DecisionKind.Terminate, "IV", (string?)null, "8.1"), (terminate!.Kind, terminate.From, terminate.To, terminate.Clause));
        Assert.Contains("2020-11-21", ResponseRules.TerminationRefusal(Tongliao, Today.AddDays(1), null, Today)?.Zh);
        Assert.Null(ResponseRules.TerminationRefusal(Tongliao, Today.AddDays(-3), null, Today));
    }

    [Fact]
    public void WujinTerminationWithoutImportRiskJudgmentSaysWhichJudgmentIsMissing() =>
        Assert.Contains("importRiskLow", ResponseRules.TerminationRefusal(Wujin, null, null, Today)?.Zh, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void AResponseStartedOnADetectionAloneEndsOnceTheGradeLapses()
    {
        // 001 §8.1 "隐患或相关危险因素消除": no case ever, so no last-case day; while graded it may not end, after that it may.
        Assert.NotNull(ResponseRules.TerminationRefusal(Tongliao, null, Grade.IV, Today));
        Assert.Null(ResponseRules.TerminationRefusal(Tongliao, null, null, Today));
        Assert.Equal(DecisionKind.Terminate, ResponseRules.Recommend(Tongliao, RegionLevel.County, null, "IV", null, Today)!.Kind);
    }

    [Theory]
    [InlineData(DecisionKind.Activate, "IV", "III", "已在")]
    [InlineData(DecisionKind.Raise, null, "III", "尚未启动")]
    [InlineData(DecisionKind.Raise, "III", "IV", "高于")]
    [InlineData(DecisionKind.Lower, "IV", "III", "低于")]
    [InlineData(DecisionKind.Terminate, null, null, "无需终止")]
    [InlineData(DecisionKind.Activate, null, "V", "不能启动")]
    public void MovesThatMakeNoSenseAreRefusedWithAReason(DecisionKind kind, string? current, string? target, string expected) =>
        Assert.Contains(expected, ResponseRules.CheckMove(Wujin, RegionLevel.County, kind, current, target)?.Zh);

    [Fact]
    public void ACountyCannotRunTheCitysLevel() =>
        Assert.Contains("不能启动", ResponseRules.CheckMove(Tongliao, RegionLevel.County, DecisionKind.Raise, "IV", "III")?.Zh);

    [Fact]
    public void SkippingLevelsIsAllowed() => Assert.Null(ResponseRules.CheckMove(Wujin, RegionLevel.County, DecisionKind.Raise, "IV", "I"));

    [Theory]
    [InlineData(0, false, CommunityState.NoCase, "外防输入、内防反弹")]
    [InlineData(3, false, CommunityState.Cases, "内防扩散、外防输出")]
    [InlineData(3, true, CommunityState.Transmission, "内遏蔓延、外防输出")]
    public void CommunityStrategyFollowsItsState(int cases, bool transmission, CommunityState state, string strategy)
    {
        Assert.Equal(state, CommunityStrategy.StateOf(cases, transmission));
        Assert.Equal(strategy, CommunityStrategy.Strategy(state));
    }
}

public sealed class AuditChainTests
{
    private static List<AuditLink> Chain(int count)
    {
        var links = new List<AuditLink>();
        var previous = AuditChain.Genesis;
        var at = new DateTimeOffset(2020, 11, 20, 1, 2, 3, 456, TimeSpan.Zero);
        for (var i = 1; i <= count; i++)
        {
            var hash = AuditChain.Hash(i, at, "city", "decision.approved", "decision", i.ToString(CultureInfo.InvariantCulture), $"{{\"n\":{i}}}", previous);
            links.Add(new AuditLink(i, at, "city", "decision.approved", "decision", i.ToString(CultureInfo.InvariantCulture), $"{{\"n\":{i}}}", previous, hash));
            previous = hash;
        }
        return links;
    }

    [Fact]
    public void AnIntactChainVerifies() => Assert.Null(AuditChain.Verify(Chain(5)));

    [Fact]
    public void AChangedEntryIsFound()
    {
        var links = Chain(5);
        links[2] = links[2] with { Data = "{\"n\":99}" };
        Assert.Equal(3, AuditChain.Verify(links)!.Sequence);
    }

    [Fact]
    public void ARehashedEntryBreaksTheNextLink()
    {
        var links = Chain(5);
        var forged = links[1] with { Actor = "mallory" };
        links[1] = forged with { Hash = AuditChain.Hash(2, forged.At, forged.Actor, forged.Action, forged.SubjectType, forged.SubjectId, forged.Data, forged.PreviousHash) };
        Assert.Equal(3, AuditChain.Verify(links)!.Sequence);
    }

    [Fact]
    public void ARemovedEntryIsFound()
    {
        var links = Chain(5);
        links.RemoveAt(3);
        Assert.Equal(5, AuditChain.Verify(links)!.Sequence);
    }

    [Fact]
    public void FieldsCannotBeShiftedIntoEachOther() =>
        Assert.NotEqual(AuditChain.Hash(1, default, "a|b", "c", "d", "e", "f", "g"), AuditChain.Hash(1, default, "a", "b|c", "d", "e", "f", "g"));

    [Fact]
    public void TimeBelowAMillisecondDoesNotChangeTheHash()
    {
        var at = new DateTimeOffset(2020, 11, 20, 1, 2, 3, 456, TimeSpan.Zero);
        Assert.Equal(AuditChain.Hash(1, at, "a", "b", "c", "d", "e", "f"), AuditChain.Hash(1, at.AddTicks(9999).ToOffset(TimeSpan.FromHours(8)), "a", "b", "c", "d", "e", "f"));
    }
}
