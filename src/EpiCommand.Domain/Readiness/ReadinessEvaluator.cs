using System.Globalization;
using EpiCommand.Domain.Plans;

namespace EpiCommand.Domain.Readiness;

public enum NormStatus { Met, NotMet, NotMeasurable }

/// <summary>One norm of a plan read over a jurisdiction's registers.</summary>
/// <param name="Value">The metric's figure; null when not measurable.</param>
/// <param name="Required">The figure the norm asks for (the lower bound, or the upper bound of an <c>atMost</c>-only norm).</param>
/// <param name="Requirement">The norm in words, e.g. "≥ 200 间" or "≥ 10% × 二级及以上综合医院总床位数（1200 张）".</param>
/// <param name="Shortfall">What is missing ("差 38 间") or too much ("超 1 家") when not met.</param>
/// <param name="Reason">Why the norm cannot be measured.</param>
public sealed record NormResult(ReadinessNorm Norm, NormStatus Status, double? Value, double? Required, Words Unit, Words? Requirement, Words? Shortfall, Words? Reason);

/// <summary>
/// Reads a plan's readiness norms over a jurisdiction's registers: every norm is data (metric, comparison, threshold,
/// scope and clause from the plan file, docs/plans.md); this class knows the comparisons, <see cref="ReadinessMetrics"/>
/// the metrics. No norm has code of its own.
/// </summary>
public static class ReadinessEvaluator
{
    /// <summary>
    /// The scopes of the norms read for a county (its own, its hospitals', its units') and for the city (its own, its hospitals',
    /// every unit's): a hospital or unit norm is read wherever hospitals or units are registered.
    /// </summary>
    public static bool AppliesTo(ReadinessNorm norm, bool county) => (norm.Scope ?? "city") switch
    {
        "county" => county,
        "hospital" or "unit" => true,
        "city" => !county,
        _ => !county,
    };

    /// <summary>
    /// The plan's readiness norms, and one norm per drill rule with an interval (003 §二(一) "每 1—2 个月…开展一次应急指挥演练"):
    /// at least one drill held within the longest interval the rule allows.
    /// </summary>
    public static IReadOnlyList<ReadinessNorm> NormsOf(Plan plan) =>
    [
        .. plan.Readiness,
        .. plan.Drills.Where(d => d.MaxMonths is not null).Select(d => new ReadinessNorm(d.Id, d.Clause, "应急指挥演练", d.Text, d.Scope, "drillsHeld",
            new Dictionary<string, string> { ["atLeast"] = "1", ["unit"] = "次", ["withinMonths"] = d.MaxMonths!.Value.ToString(CultureInfo.InvariantCulture) }, [])),
    ];

    public static IReadOnlyList<NormResult> Evaluate(IEnumerable<ReadinessNorm> norms, CapacityRegisters registers) =>
        [.. norms.Select(n => Evaluate(n, registers))];

    public static NormResult Evaluate(ReadinessNorm norm, CapacityRegisters registers)
    {
        var metric = ReadinessMetrics.Find(norm.Metric);
        var unit = norm.Norm.TryGetValue("unit", out var u) ? new Words(u, metric?.Unit.En ?? u) : metric?.Unit ?? new Words("", "");
        if (norm.Metric is null)
        {
            return Cannot(norm, unit, new("预案未给出可计量的指标（按是/否检查）", "the plan names no metric for this norm (checked as yes/no)"));
        }
        if (metric is null)
        {
            return Cannot(norm, unit, new($"平台尚不认识预案所列指标“{norm.Metric}”", $"the platform does not know the plan's metric '{norm.Metric}'"));
        }
        var atLeast = Number(norm, "atLeast");
        var atMost = Number(norm, "atMost");
        var ratio = Number(norm, "ratioAtLeast");
        if (atLeast is null && atMost is null && ratio is null)
        {
            return Cannot(norm, unit, new("预案未给出数值标准（按是/否检查）", "the plan gives no figure for this norm (checked as yes/no)"));
        }
        var measured = metric.Measure(registers, norm.Norm);
        if (measured.Value is not { } value) return Cannot(norm, unit, measured.NotMeasurable!.Value);

        double? required = atLeast;
        Words requirement;
        if (ratio is { } r)
        {
            var baseName = norm.Norm.GetValueOrDefault("of");
            var baseMetric = ReadinessMetrics.Find(baseName);
            if (baseMetric is null)
            {
                return Cannot(norm, unit, new($"平台尚不认识预案所列基数指标“{baseName}”", $"the platform does not know the plan's base metric '{baseName}'"));
            }
            var baseMeasured = baseMetric.Measure(registers, norm.Norm);
            if (baseMeasured.Value is not { } baseValue) return Cannot(norm, unit, baseMeasured.NotMeasurable!.Value);
            required = Math.Max(required ?? 0, r * baseValue);
            requirement = new($"≥ {Figure(r)} × {baseMetric.Description.Zh}（{Figure(baseValue)} {baseMetric.Unit.Zh}）= {Figure(required.Value)} {unit.Zh}",
                $"≥ {Figure(r)} × {baseMetric.Description.En} ({Figure(baseValue)} {baseMetric.Unit.En}) = {Figure(required.Value)} {unit.En}");
        }
        else
        {
            requirement = (atLeast, atMost) switch
            {
                ({ } min, { } max) => new($"{Figure(min)}—{Figure(max)} {unit.Zh}", $"{Figure(min)}–{Figure(max)} {unit.En}"),
                ({ } min, null) => new($"≥ {Figure(min)} {unit.Zh}", $"≥ {Figure(min)} {unit.En}"),
                (null, { } max) => new($"≤ {Figure(max)} {unit.Zh}", $"≤ {Figure(max)} {unit.En}"),
                _ => new("", ""),
            };
        }

        // Counts are whole: a shortfall of 37.2 rooms is 38 rooms to find.
        if (required is { } need && value < need - 1e-9)
        {
            var gap = Math.Ceiling(need - value - 1e-9);
            return new(norm, NormStatus.NotMet, value, need, unit, requirement, WithDetail(new($"差 {Figure(gap)} {unit.Zh}", $"{Figure(gap)} {unit.En} short"), measured.Detail), null);
        }
        if (atMost is { } limit && value > limit + 1e-9)
        {
            var over = Math.Ceiling(value - limit - 1e-9);
            return new(norm, NormStatus.NotMet, value, required ?? limit, unit, requirement, WithDetail(new($"超 {Figure(over)} {unit.Zh}", $"{Figure(over)} {unit.En} too many"), measured.Detail), null);
        }
        return new(norm, NormStatus.Met, value, required ?? atMost, unit, requirement, null, null);
    }

    /// <summary>The shortfall and, when the metric names what is missing in detail (the reserve items short), that too: "差 12 天（N95口罩 18 天，差 1200 个）".</summary>
    private static Words WithDetail(Words shortfall, Words? detail) =>
        detail is { } d ? new($"{shortfall.Zh}（{d.Zh}）", $"{shortfall.En} ({d.En})") : shortfall;

    public static string Figure(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static NormResult Cannot(ReadinessNorm norm, Words unit, Words reason) => new(norm, NormStatus.NotMeasurable, null, null, unit, null, null, reason);

    private static double? Number(ReadinessNorm norm, string key) =>
        norm.Norm.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
