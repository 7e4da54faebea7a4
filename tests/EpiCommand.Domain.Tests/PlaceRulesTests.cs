using EpiCommand.Domain.Response;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>Public places by response level, as the Tongliao plan's <c>publicPlaces</c> says (001 §5.2.11(3), §5.3.3, §5.4.3).</summary>
public sealed class PlaceRulesTests
{
    [Theory]
    [InlineData(null, "cinema", null, null)]
    [InlineData("normal", "cinema", null, null)]
    [InlineData("IV", "gathering", PlaceStatus.Closed, "5.2.11(3)")]
    [InlineData("IV", "cinema", PlaceStatus.Limited, "5.2.11(3)")]
    [InlineData("IV", "school", PlaceStatus.Open, "5.2.11(3)")]
    [InlineData("III", "cinema", PlaceStatus.Closed, "5.3.3")]
    [InlineData("III", "lodging", PlaceStatus.Limited, "5.3.3")]
    [InlineData("II", "lodging", PlaceStatus.Closed, "5.4.3")]
    [InlineData("I", "dining", PlaceStatus.Closed, "5.4.3")]
    public void EachLevelAsksWhatItsClauseSays(string? level, string kind, PlaceStatus? status, string? clause)
    {
        var required = PlaceRules.Required(TestPlans.Tongliao, level, kind);
        Assert.Equal(status, required?.Status);
        Assert.Equal(clause, required?.Clause);
    }

    [Fact]
    public void AStricterStateComplies()
    {
        Assert.True(PlaceRules.Complies(PlaceStatus.Closed, PlaceStatus.Limited));
        Assert.False(PlaceRules.Complies(PlaceStatus.Limited, PlaceStatus.Closed));
    }
}
