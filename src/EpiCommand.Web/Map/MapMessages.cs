namespace EpiCommand.Web.Platform;

/// <summary>Messages of the map, the leaders' view and the to-do list (issue 14).</summary>
public static partial class Messages
{
    public static Text NoCityMap(string code) => new($"地区“{code}”不属于任何市（盟），没有县级地图。", $"Region '{code}' lies in no city or league: there is no county map of it.");
}
