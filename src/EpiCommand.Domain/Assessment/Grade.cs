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

    public static string ToChinese(this Grade grade) => Numeral(grade.ToString()) + "级";

    /// <summary>
    /// The official notation of a grade, response or warning level (Ⅰ–Ⅳ, issue 14) from its code ("I" … "IV", as the API and
    /// <c>assess</c> write it). Every text a person reads writes a level through this, never "III级" or "三级".
    /// </summary>
    public static string Numeral(string? code) => code switch { "I" => "Ⅰ", "II" => "Ⅱ", "III" => "Ⅲ", "IV" => "Ⅳ", _ => code ?? "" };

    /// <summary>"Ⅳ级应急响应" for a response level's code.</summary>
    public static string ResponseName(string? code) => $"{Numeral(code)}级应急响应";

    public static string ToChinese(this RiskLevel risk) => risk switch
    {
        RiskLevel.Low => "低风险",
        RiskLevel.Medium => "中风险",
        RiskLevel.High => "高风险",
        _ => risk.ToString(),
    };
}
