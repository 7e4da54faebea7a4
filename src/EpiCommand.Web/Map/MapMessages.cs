namespace EpiCommand.Web.Platform;

/// <summary>Messages of the map, the leaders' view and the to-do list (issue 14).</summary>
public static partial class Messages
{
    public static Text NoCityMap(string code) => new($"地区“{code}”不属于任何市（盟），没有县级地图。", $"Region '{code}' lies in no city or league: there is no county map of it.");

    public static Text PointNeedsBoth => new("请在地图上点选位置（须同时给出经度和纬度）。", "Pick the point on the map (both longitude and latitude).");
    public static Text CoordinateOutOfRange(string field, double value) => field == "longitude"
        ? new($"经度 {value} 超出 −180 至 180。", $"Longitude {value} is outside −180 to 180.")
        : new($"纬度 {value} 超出 −90 至 90。", $"Latitude {value} is outside −90 to 90.");
    public static Text NoBoundaryToPlace(string county) =>
        new($"{county}在地图上没有边界数据，不能标注位置；其标记显示在地图旁的列表中。", $"{county} has no boundary on the map, so nothing of it can be placed; it is listed beside the map.");
    public static Text PointOutsideCounty(string county, double longitude, double latitude) =>
        new($"所选位置（东经 {longitude:0.0000}，北纬 {latitude:0.0000}）不在{county}范围内。", $"The point ({longitude:0.0000} E, {latitude:0.0000} N) is outside {county}.");
}
