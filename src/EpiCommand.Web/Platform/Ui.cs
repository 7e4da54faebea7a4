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

    /// <summary>A level given by its code ("I" … "IV", as the API and <c>assess</c> write it).</summary>
    public static string Level(string? level)
    {
        var numeral = level switch { "I" => "Ⅰ", "II" => "Ⅱ", "III" => "Ⅲ", "IV" => "Ⅳ", _ => level ?? "" };
        return IsEnglish ? $"level {numeral}" : $"{numeral}级";
    }
}
