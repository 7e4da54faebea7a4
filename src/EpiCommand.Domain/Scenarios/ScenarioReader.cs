using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;

namespace EpiCommand.Domain.Scenarios;

/// <summary>A problem in a scenario file, at a JSON path such as <c>$.cases[2].region</c>.</summary>
public sealed record ScenarioProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

public sealed record ScenarioReadResult(Scenario? Scenario, IReadOnlyList<ScenarioProblem> Problems)
{
    public bool Ok => Scenario is not null && Problems.Count == 0;
}

/// <summary>
/// Reads the scenario format of requirements.md ("Scenario files and assess"). Unknown fields are ignored;
/// every bad field is reported with its path, and a scenario with any problem yields no <see cref="Scenario"/>.
/// </summary>
public static partial class ScenarioReader
{
    public static ScenarioReadResult Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            return new ScenarioReadResult(null, [new ScenarioProblem("$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}")]);
        }
    }

    public static ScenarioReadResult Read(JsonElement root)
    {
        var reader = new Reader();
        var scenario = reader.ReadScenario(root);
        return reader.Problems.Count == 0 ? new ScenarioReadResult(scenario, []) : new ScenarioReadResult(null, reader.Problems);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    // requirements.md "Scenario files and assess": ISO 8601 extended format only — yyyy-MM-dd, or yyyy-MM-ddTHH:mm with
    // optional :ss, fraction and offset (Z or ±hh:mm). Anything else (03/02/2020, 2020.11.1, a space for the T) is refused,
    // never guessed: day and month must not be swapped silently.
    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:T(?<time>\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(?<offset>Z|[+-]\d{2}:\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoInstant();

    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    /// <summary>
    /// Reads an ISO 8601 extended timestamp. Without an offset it is China Standard Time; a bare date is its midnight in CST.
    /// </summary>
    public static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        var match = IsoInstant().Match(text);
        if (!match.Success) return false;
        if (!DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
        // Years 1 and 9999 are refused: with an offset their ends fall outside what a DateTimeOffset holds (found by FuzzTests).
        if (date.Year is <= 1 or >= 9999) return false;
        var time = TimeOnly.MinValue;
        if (match.Groups["time"].Success && !TimeOnly.TryParseExact(match.Groups["time"].Value, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time)) return false;
        var offset = ChinaTime.Offset;
        if (match.Groups["offset"].Success && match.Groups["offset"].Value != "Z")
        {
            var o = match.Groups["offset"].Value;
            var hours = int.Parse(o.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(o.AsSpan(4, 2), CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59) return false;
            offset = new TimeSpan(hours, minutes, 0) * (o[0] == '-' ? -1 : 1);
        }
        else if (match.Groups["offset"].Success)
        {
            offset = TimeSpan.Zero;
        }
        instant = new DateTimeOffset(date.ToDateTime(time), offset);
        return true;
    }

    private sealed class Reader
    {
        public List<ScenarioProblem> Problems { get; } = [];

        private void Problem(string path, string message) => Problems.Add(new ScenarioProblem(path, message));

        // The settings each case names, with the path of each, so that an unknown one is reported where it was written.
        private readonly Dictionary<string, List<(string Id, string Path)>> _settingPaths = new(StringComparer.Ordinal);

        private List<(string Id, string Path)> SettingPaths(string casePath) => _settingPaths.GetValueOrDefault(casePath) ?? [];

        public Scenario ReadScenario(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem("$", "a scenario must be a JSON object");
                return new Scenario([], [], [], [], []);
            }

            var regions = ReadList(root, "regions", required: true, ReadRegion);
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (region, path) in regions)
            {
                if (!codes.Add(region.Code)) Problem($"{path}.code", $"region code '{region.Code}' appears more than once");
            }
            foreach (var (region, path) in regions)
            {
                if (region.Parent is not null && !codes.Contains(region.Parent)) Problem($"{path}.parent", $"unknown region code '{region.Parent}'");
                if (region.Parent == region.Code) Problem($"{path}.parent", "a region cannot be its own parent");
                for (var i = 0; i < region.Neighbors.Count; i++)
                {
                    if (!codes.Contains(region.Neighbors[i])) Problem($"{path}.neighbors[{i}]", $"unknown region code '{region.Neighbors[i]}'");
                }
            }
            CheckNoParentCycles(regions);

            var settings = ReadList(root, "settings", required: false, ReadSetting);
            var settingIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (setting, path) in settings)
            {
                if (!settingIds.Add(setting.Id)) Problem($"{path}.id", $"setting id '{setting.Id}' appears more than once");
                if (!codes.Contains(setting.Region)) Problem($"{path}.region", $"unknown region code '{setting.Region}'");
            }

            var cases = ReadList(root, "cases", required: false, ReadCase);
            var caseIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (item, path) in cases)
            {
                if (!caseIds.Add(item.Id)) Problem($"{path}.id", $"case id '{item.Id}' appears more than once");
            }
            foreach (var (item, path) in cases)
            {
                if (!codes.Contains(item.Region)) Problem($"{path}.region", $"unknown region code '{item.Region}'");
                foreach (var (setting, settingPath) in SettingPaths(path))
                {
                    if (!settingIds.Contains(setting)) Problem(settingPath, $"unknown setting id '{setting}'");
                }
                for (var i = 0; i < item.LinkedTo.Count; i++)
                {
                    if (!caseIds.Contains(item.LinkedTo[i])) Problem($"{path}.linkedTo[{i}]", $"unknown case id '{item.LinkedTo[i]}'");
                }
            }

            var detections = ReadList(root, "detections", required: false, ReadDetection);
            var detectionIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (item, path) in detections)
            {
                if (!detectionIds.Add(item.Id)) Problem($"{path}.id", $"detection id '{item.Id}' appears more than once");
                if (!codes.Contains(item.Region)) Problem($"{path}.region", $"unknown region code '{item.Region}'");
            }

            var judgments = ReadList(root, "judgments", required: false, ReadJudgment);
            foreach (var (item, path) in judgments)
            {
                if (!codes.Contains(item.Region)) Problem($"{path}.region", $"unknown region code '{item.Region}'");
            }

            return new Scenario(
                regions.Select(r => r.Item).ToList(),
                settings.Select(s => s.Item).ToList(),
                cases.Select(c => c.Item).ToList(),
                detections.Select(d => d.Item).ToList(),
                judgments.Select(j => j.Item).ToList());
        }

        private void CheckNoParentCycles(List<(ScenarioRegion Item, string Path)> regions)
        {
            var parentOf = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (region, _) in regions) parentOf.TryAdd(region.Code, region.Parent);
            foreach (var (region, path) in regions)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal) { region.Code };
                for (var parent = region.Parent; parent is not null && parentOf.TryGetValue(parent, out var next); parent = next)
                {
                    if (!seen.Add(parent))
                    {
                        Problem($"{path}.parent", $"region '{region.Code}' is its own ancestor (parent chain loops)");
                        break;
                    }
                }
            }
        }

        private List<(T Item, string Path)> ReadList<T>(JsonElement root, string name, bool required, Func<JsonElement, string, T?> read) where T : class
        {
            var result = new List<(T, string)>();
            if (!root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                if (required) Problem($"$.{name}", "is required");
                return result;
            }
            if (array.ValueKind != JsonValueKind.Array)
            {
                Problem($"$.{name}", "must be an array");
                return result;
            }
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = $"$.{name}[{index++}]";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    Problem(path, "must be an object");
                    continue;
                }
                var item = read(element, path);
                if (item is not null) result.Add((item, path));
            }
            return result;
        }

        private ScenarioRegion? ReadRegion(JsonElement e, string path)
        {
            var code = RequiredString(e, path, "code");
            var name = OptionalString(e, path, "name") ?? code;
            var level = RequiredEnum(e, path, "level", RegionLevels.ByName);
            var parent = OptionalString(e, path, "parent");
            var neighbors = StringList(e, path, "neighbors");
            return code is null || level is null ? null : new ScenarioRegion(code, name!, level.Value, parent, neighbors);
        }

        private ScenarioSetting? ReadSetting(JsonElement e, string path)
        {
            var id = RequiredString(e, path, "id");
            var region = RequiredString(e, path, "region");
            var name = OptionalString(e, path, "name");
            var type = OptionalString(e, path, "type");
            return id is null || region is null ? null : new ScenarioSetting(id, name ?? id, type, region);
        }

        private ScenarioCase? ReadCase(JsonElement e, string path)
        {
            var id = RequiredString(e, path, "id");
            var classification = RequiredEnum<Classification>(e, path, "classification");
            var region = RequiredString(e, path, "region");
            var reportedAt = Instant(e, path, "reportedAt", required: true);
            var isolatedAt = Instant(e, path, "isolatedAt", required: false);
            InfectionSource? source = null;
            if (OptionalString(e, path, "infectionSource") is { } sourceText)
            {
                if (EnumNames.TryParse<InfectionSource>(sourceText, out var parsed)) source = parsed;
                else Problem($"{path}.infectionSource", $"'{sourceText}' is not one of {EnumNames.List<InfectionSource>()}");
            }
            var onsetAt = Instant(e, path, "onsetAt", required: false);
            if (onsetAt is { } onset && reportedAt is { } reported && onset > reported)
            {
                Problem($"{path}.onsetAt", "must not be after reportedAt");
            }
            // A case may name one setting in `setting`, several in `settings`, or both (requirements: "Cluster").
            var named = new List<(string, string)>();
            if (OptionalString(e, path, "setting") is { } single) named.Add((single, $"{path}.setting"));
            var several = StringList(e, path, "settings");
            for (var i = 0; i < several.Count; i++) named.Add((several[i], $"{path}.settings[{i}]"));
            _settingPaths[path] = named;
            var linkedTo = StringList(e, path, "linkedTo");
            if (id is null || classification is null || region is null || reportedAt is null) return null;
            var settings = named.Select(n => n.Item1).Distinct(StringComparer.Ordinal).ToList();
            return new ScenarioCase(id, classification.Value, region, reportedAt.Value, isolatedAt, source, settings, linkedTo, onsetAt);
        }

        private ScenarioDetection? ReadDetection(JsonElement e, string path)
        {
            var id = RequiredString(e, path, "id");
            var kind = RequiredEnum<DetectionKind>(e, path, "kind");
            var region = RequiredString(e, path, "region");
            var detectedAt = Instant(e, path, "detectedAt", required: true);
            if (id is null || kind is null || region is null || detectedAt is null) return null;
            return new ScenarioDetection(id, kind.Value, region, detectedAt.Value);
        }

        private Judgment? ReadJudgment(JsonElement e, string path)
        {
            var kind = RequiredEnum<JudgmentKind>(e, path, "kind");
            var region = RequiredString(e, path, "region");
            DateOnly? from = null;
            if (RequiredString(e, path, "from") is { } fromText)
            {
                if (DateOnly.TryParseExact(fromText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) from = day;
                else if (TryParseInstant(fromText, out var instant)) from = ChinaTime.DayOf(instant);
                else Problem($"{path}.from", $"'{fromText}' is not a date (YYYY-MM-DD)");
            }
            if (kind is null || region is null || from is null) return null;

            var valuePath = $"{path}.value";
            if (!e.TryGetProperty("value", out var value))
            {
                Problem(valuePath, "is required");
                return null;
            }
            if (value.ValueKind == JsonValueKind.False) return new Judgment(kind.Value, region, from.Value, InForce: false);
            switch (kind.Value)
            {
                case JudgmentKind.OtherCircumstance:
                    if (value.ValueKind == JsonValueKind.String && Grades.ByName.TryGetValue(value.GetString()!, out var grade))
                        return new Judgment(kind.Value, region, from.Value, InForce: true, Grade: grade);
                    Problem(valuePath, "must be a grade (IV, III, II, I) or false");
                    return null;
                case JudgmentKind.RiskOverride:
                    if (value.ValueKind == JsonValueKind.String && Grades.RiskByName.TryGetValue(value.GetString()!, out var risk))
                        return new Judgment(kind.Value, region, from.Value, InForce: true, Risk: risk);
                    Problem(valuePath, "must be low, medium, high or false");
                    return null;
                default:
                    if (value.ValueKind == JsonValueKind.True) return new Judgment(kind.Value, region, from.Value, InForce: true);
                    Problem(valuePath, "must be true or false");
                    return null;
            }
        }

        private string? RequiredString(JsonElement e, string path, string name)
        {
            if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Problem($"{path}.{name}", "is required");
                return null;
            }
            return StringValue(value, $"{path}.{name}");
        }

        private string? OptionalString(JsonElement e, string path, string name) =>
            !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null : StringValue(value, $"{path}.{name}");

        private string? StringValue(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())) return value.GetString()!.Trim();
            if (value.ValueKind == JsonValueKind.Number) return value.GetRawText();
            Problem(path, "must be a non-empty string");
            return null;
        }

        private List<string> StringList(JsonElement e, string path, string name)
        {
            var result = new List<string>();
            if (!e.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null) return result;
            if (array.ValueKind != JsonValueKind.Array)
            {
                Problem($"{path}.{name}", "must be an array of strings");
                return result;
            }
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (StringValue(item, $"{path}.{name}[{i}]") is { } text) result.Add(text);
                i++;
            }
            return result;
        }

        private T? RequiredEnum<T>(JsonElement e, string path, string name) where T : struct, Enum
        {
            if (RequiredString(e, path, name) is not { } text) return null;
            if (EnumNames.TryParse<T>(text, out var value)) return value;
            Problem($"{path}.{name}", $"'{text}' is not one of {EnumNames.List<T>()}");
            return null;
        }

        private T? RequiredEnum<T>(JsonElement e, string path, string name, IReadOnlyDictionary<string, T> names) where T : struct
        {
            if (RequiredString(e, path, name) is not { } text) return null;
            if (names.TryGetValue(text, out var value)) return value;
            Problem($"{path}.{name}", $"'{text}' is not one of {string.Join(", ", names.Keys)}");
            return null;
        }

        private DateTimeOffset? Instant(JsonElement e, string path, string name, bool required)
        {
            var text = required ? RequiredString(e, path, name) : OptionalString(e, path, name);
            if (text is null) return null;
            if (TryParseInstant(text, out var instant)) return instant;
            Problem($"{path}.{name}", $"'{text}' is not an ISO 8601 date-time (yyyy-MM-dd or yyyy-MM-ddTHH:mm[:ss][±hh:mm], e.g. 2020-11-01T08:00:00+08:00)");
            return null;
        }
    }
}
