using EpiCommand.Domain.Response;
using EpiCommand.Domain.Tests.Support;

namespace EpiCommand.Domain.Tests;

/// <summary>Fangcang shelter hospitals by response level, as the Tongliao plan's <c>shelterHospitals</c> says (001 §5.4.4; 004 §九(四)3).</summary>
public sealed class ShelterRulesTests
{
    [Theory]
    [InlineData(null, ShelterStatus.Prepared, "II")]
    [InlineData("III", ShelterStatus.Prepared, "II")]
    [InlineData("II", ShelterStatus.Prepared, null)]
    [InlineData("I", ShelterStatus.Prepared, null)]
    [InlineData("II", ShelterStatus.Active, "I")]
    [InlineData("I", ShelterStatus.Active, null)]
    [InlineData(null, ShelterStatus.Reserve, null)]
    public void PreparedAtIIActivatedAtI(string? level, ShelterStatus target, string? needed)
    {
        var unmet = ShelterRules.Unmet(TestPlans.Tongliao, level, target);
        Assert.Equal(needed, unmet?.Level);
        if (unmet is { } u) Assert.StartsWith(target == ShelterStatus.Prepared ? "5.4.4" : "5.5", u.Clause);
    }

    [Theory]
    [InlineData(0, 10, 10, 10)]
    [InlineData(5, 10, 6, null)]
    [InlineData(5, 10, -5, 0)]
    [InlineData(5, 10, -6, null)]
    public void OccupancyStaysWithinTheBeds(int occupied, int beds, int admitted, int? after) =>
        Assert.Equal(after, ShelterRules.Occupancy(occupied, beds, admitted));
}
