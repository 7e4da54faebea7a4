namespace EpiCommand.Domain.Assessment;

/// <summary>Epidemic grades (001 §1.5): IV 一般, III 较大, II 重大, I 特别重大. Higher value = more severe.</summary>
public enum Grade
{
    IV = 1,
    III = 2,
    II = 3,
    I = 4,
}

/// <summary>County risk levels (001 §1.6).</summary>
public enum RiskLevel
{
    Low = 1,
    Medium = 2,
    High = 3,
}

public static class Grades
{
    public static readonly IReadOnlyDictionary<string, Grade> ByName = new Dictionary<string, Grade>
    {
        ["IV"] = Grade.IV, ["III"] = Grade.III, ["II"] = Grade.II, ["I"] = Grade.I,
    };

    public static readonly IReadOnlyDictionary<string, RiskLevel> RiskByName = new Dictionary<string, RiskLevel>
    {
        ["low"] = RiskLevel.Low, ["medium"] = RiskLevel.Medium, ["high"] = RiskLevel.High,
    };

    public static Grade? Max(Grade? a, Grade? b) => a is null ? b : b is null ? a : (Grade)Math.Max((int)a, (int)b);

    public static string ToName(this RiskLevel risk) => risk.ToString().ToLowerInvariant();

    public static string ToChinese(this Grade grade) => grade switch
    {
        Grade.IV => "Ⅳ级",
        Grade.III => "Ⅲ级",
        Grade.II => "Ⅱ级",
        Grade.I => "Ⅰ级",
        _ => grade.ToString(),
    };

    public static string ToChinese(this RiskLevel risk) => risk switch
    {
        RiskLevel.Low => "低风险",
        RiskLevel.Medium => "中风险",
        RiskLevel.High => "高风险",
        _ => risk.ToString(),
    };
}
