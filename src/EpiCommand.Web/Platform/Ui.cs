using System.Globalization;

namespace EpiCommand.Web.Platform;

/// <summary>
/// The UI speaks Simplified Chinese by default and English on request (requirements J6). Texts sit beside
/// their use as a pair: <c>Ui.T("首页", "Home")</c>.
/// </summary>
public static class Ui
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly string[] Cultures = [Chinese, English];

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => IsEnglish ? en : zh;

    /// <summary>The name of a level of the administrative division, in the UI's language.</summary>
    public static string LevelName(EpiCommand.Domain.Regions.RegionLevel level) => IsEnglish
        ? level switch
        {
            EpiCommand.Domain.Regions.RegionLevel.Province => "Province / autonomous region",
            EpiCommand.Domain.Regions.RegionLevel.City => "City / league",
            EpiCommand.Domain.Regions.RegionLevel.County => "County / banner / district",
            EpiCommand.Domain.Regions.RegionLevel.Township => "Township / sumu / street",
            _ => "Community / gacha village",
        }
        : EpiCommand.Domain.Regions.RegionLevels.ToChinese(level);

    /// <summary>A grade, response or warning level in the official notation: Ⅰ级 … Ⅳ级 (level Ⅲ in English).</summary>
    public static string Level(EpiCommand.Domain.Assessment.Grade level) => Level(level.ToString());

    /// <summary>The Roman numeral of a level code, in every language: "IV" → "Ⅳ" (for texts that write "Ⅳ级应急响应" themselves).</summary>
    public static string Numeral(string? level) => EpiCommand.Domain.Assessment.Grades.Numeral(level);

    /// <summary>
    /// A response level by name: "Ⅳ级应急响应" for the graded levels (never the seed's "四级应急响应"), the plan's own name for the
    /// others ("常态化防控").
    /// </summary>
    public static string ResponseLevelName(EpiCommand.Domain.Plans.Plan plan, string level) =>
        EpiCommand.Domain.Assessment.Grades.ByName.ContainsKey(level)
            ? T(EpiCommand.Domain.Assessment.Grades.ResponseName(level), $"level {Numeral(level)} response")
            : T(plan.ResponseLevels.FirstOrDefault(l => l.Level == level)?.Name ?? level, level == "normal" ? "normal-time prevention" : level);

    /// <summary>A level given by its code ("I" … "IV", as the API and <c>assess</c> write it).</summary>
    public static string Level(string? level)
    {
        var numeral = Numeral(level);
        return IsEnglish ? $"level {numeral}" : $"{numeral}级";
    }

    /// <summary>
    /// The colour of a level wherever one is drawn (chips, the map, the leaders' screen): Ⅰ red, Ⅱ orange, Ⅲ yellow, Ⅳ blue — the
    /// colours of China's warning levels (红橙黄蓝); with the text colour that reads on it.
    /// </summary>
    public static (string Background, string Text) LevelColour(string? level) => level switch
    {
        "I" => ("#c62828", "#ffffff"),
        "II" => ("#ef6c00", "#ffffff"),
        "III" => ("#f9a825", "#1a1a1a"),
        _ => ("#1e88e5", "#ffffff"),
    };
}
