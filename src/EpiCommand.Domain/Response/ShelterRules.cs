using EpiCommand.Domain.Plans;

namespace EpiCommand.Domain.Response;

/// <summary>A Fangcang site's state: in reserve (registered, 004 §七(十)), made ready (001 §5.4.4), or open to patients (004 §九(四)3).</summary>
public enum ShelterStatus { Reserve, Prepared, Active }

/// <summary>Fangcang shelter hospitals by response level (requirements E8; 001 §5.4.4; 004 §七(十), §九(四)3), read from the plan's <c>shelterHospitals</c>.</summary>
public static class ShelterRules
{
    /// <summary>
    /// The response level and clause a site must be under to be put into <paramref name="target"/>, when the response in force
    /// (<paramref name="level"/>, null for none) is below it; null when the step is allowed. Going back to reserve, or a plan
    /// naming no levels, asks for nothing.
    /// </summary>
    public static (string Level, string Clause)? Unmet(Plan plan, string? level, ShelterStatus target)
    {
        if (plan.ShelterHospitals is not { } rule || target == ShelterStatus.Reserve) return null;
        var (needed, clause) = target == ShelterStatus.Prepared ? (rule.PrepareLevel, rule.PrepareClause) : (rule.ActivateLevel, rule.ActivateClause);
        return level is not null && ResponseRules.Compare(plan, level, needed) >= 0 ? null : (needed, clause);
    }

    /// <summary>Beds in use after <paramref name="admitted"/> (negative for discharges), or null when it would go below zero or above <paramref name="beds"/>.</summary>
    public static int? Occupancy(int occupied, int beds, int admitted) => occupied + admitted is var after && after >= 0 && after <= beds ? after : null;
}
