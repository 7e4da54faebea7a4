using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Tests.Support;
using static EpiCommand.Domain.Tests.Support.Codes;

namespace EpiCommand.Domain.Tests;

/// <summary>
/// Issue 12 §2: a registration appends to the kept fact index instead of indexing every case again. The appended index must
/// be the index a full build gives: the same arrays, clusters and assessment on every day, for random histories and random
/// appended cases (settings, links between old and new cases, suspected ones that do not count); and a full build must be
/// asked for whenever appending would differ.
/// </summary>
public class FactIndexAppendTests
{
    private static readonly string[] Communities = [CommunityA, CommunityB, ZuoZhongCommunity, KailuCommunity, HongshanCommunity];
    private static readonly string[] Settings = ["F1", "F2", "F3"];
    private static readonly DateOnly First = new(2020, 2, 1);

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void AppendedIndexEqualsAFullBuild(int seed)
    {
        var random = new Random(seed);
        var builder = new ScenarioBuilder();
        foreach (var (setting, i) in Settings.Select((s, i) => (s, i))) builder.Setting(setting, Communities[i]);
        var days = 30;
        for (var i = 0; i < 120; i++) AddRandomCase(builder, random, $"C{i:D3}", First.AddDays(random.Next(days)), i);
        var before = builder.Build();
        var index = AssessmentEngine.Index(TestPlans.Tongliao, before);

        // Cases of the latest day or later, some linked to old cases and to each other, some suspected.
        var lastDay = First.AddDays(days - 1);
        var added = new List<ScenarioCase>();
        for (var i = 0; i < 1 + random.Next(12); i++)
        {
            var day = lastDay.AddDays(random.Next(3));
            var linked = random.Next(3) == 0 ? new[] { $"C{random.Next(120):D3}" } : random.Next(4) == 0 && added.Count > 0 ? [added[^1].Id] : [];
            added.Add(new ScenarioCase($"N{i:D2}", random.Next(5) == 0 ? Classification.Suspected : Classification.Confirmed,
                Communities[random.Next(Communities.Length)], ScenarioBuilder.At($"{day:yyyy-MM-dd}T{random.Next(24):D2}:00"), null,
                InfectionSource.Linked, random.Next(2) == 0 ? [Settings[random.Next(Settings.Length)]] : [], linked));
        }
        var after = before with { Cases = [.. before.Cases, .. added] };

        var appended = FactIndex.Appending(index, after, added);
        var full = AssessmentEngine.Index(TestPlans.Tongliao, after);
        Assert.NotNull(appended);
        Assert.Equal(full.CaseId, appended.CaseId);
        Assert.Equal(full.CaseDay, appended.CaseDay);
        Assert.Equal(full.CaseRegion, appended.CaseRegion);
        Assert.Equal(full.CaseSettings.Select(s => string.Join(',', s)), appended.CaseSettings.Select(s => string.Join(',', s)));
        Assert.Equal(full.Links, appended.Links);
        Assert.Equal(full.Clusters.Select(c => (c.Setting, c.FormedDay, string.Join(',', c.Cases))), appended.Clusters.Select(c => (c.Setting, c.FormedDay, string.Join(',', c.Cases))));
        for (var d = 0; d < days + 20; d += 3)
        {
            var asOf = First.AddDays(d);
            Assert.Equal(AssessmentJson.Serialize(AssessmentEngine.Assess(TestPlans.Tongliao, full, asOf)),
                AssessmentJson.Serialize(AssessmentEngine.Assess(TestPlans.Tongliao, appended, asOf)));
        }

        // Appending again onto the appended index holds too.
        var more = new ScenarioCase("N99", Classification.Confirmed, CommunityA, ScenarioBuilder.At($"{lastDay.AddDays(3):yyyy-MM-dd}T10:00"), null, InfectionSource.Linked, ["F1"], ["N00"]);
        var again = after with { Cases = [.. after.Cases, more] };
        Assert.Equal(AssessmentEngine.Index(TestPlans.Tongliao, again).Links, FactIndex.Appending(appended, again, [more])!.Links);
    }

    [Fact]
    public void AFullBuildIsAskedForWhenAppendingWouldDiffer()
    {
        var builder = new ScenarioBuilder().Setting("F1", CommunityA)
            .Case(CommunityA, "2020-02-10T09:00", id: "OLD1", linkedTo: ["LATER"])
            .Case(CommunityA, "2020-02-12T09:00", id: "OLD2");
        var before = builder.Build();
        var index = AssessmentEngine.Index(TestPlans.Tongliao, before);
        ScenarioCase Case(string id, string at) => new(id, Classification.Confirmed, CommunityA, ScenarioBuilder.At(at), null, InfectionSource.Linked, [], []);

        // Reported on an earlier day than the latest indexed: it would not go at the end.
        var early = Case("E", "2020-02-11T09:00");
        Assert.Null(FactIndex.Appending(index, before with { Cases = [.. before.Cases, early] }, [early]));
        // An indexed case names it as linked: the link would now resolve.
        var later = Case("LATER", "2020-02-13T09:00");
        Assert.Null(FactIndex.Appending(index, before with { Cases = [.. before.Cases, later] }, [later]));
        // An id already indexed.
        var twice = Case("OLD2", "2020-02-13T09:00");
        Assert.Null(FactIndex.Appending(index, before with { Cases = [.. before.Cases, twice] }, [twice]));
        // The regions changed (a regions import): everything is indexed again.
        var other = Case("X", "2020-02-13T09:00");
        Assert.Null(FactIndex.Appending(index, before with { Regions = [.. before.Regions], Cases = [.. before.Cases, other] }, [other]));
        // A plain new case of the latest day is appended.
        Assert.NotNull(FactIndex.Appending(index, before with { Cases = [.. before.Cases, other] }, [other]));
    }

    private static void AddRandomCase(ScenarioBuilder builder, Random random, string id, DateOnly day, int i)
    {
        var linked = i > 0 && random.Next(4) == 0 ? new[] { $"C{random.Next(i):D3}" } : null;
        builder.Case(Communities[random.Next(Communities.Length)], $"{day:yyyy-MM-dd}T{random.Next(24):D2}:00",
            random.Next(6) == 0 ? Classification.Suspected : Classification.Confirmed, InfectionSource.Linked,
            random.Next(2) == 0 ? Settings[random.Next(Settings.Length)] : null, linked, id);
    }
}
