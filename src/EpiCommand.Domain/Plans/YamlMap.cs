using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace EpiCommand.Domain.Plans;

/// <summary>A problem in a plan file: file, line, YAML path and reason.</summary>
public sealed record PlanProblem(string File, int Line, string Path, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Path}: {Message}";
}

/// <summary>
/// Reads one YAML mapping with its path, recording problems instead of throwing, and reports keys
/// nobody asked for (a misspelt key must not be silently ignored in a plan).
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = [];
    private readonly PlanProblems _problems;

    public YamlMap(YamlMappingNode node, string path, PlanProblems problems)
    {
        _node = node;
        Path = path;
        _problems = problems;
    }

    public string Path { get; }
    public int Line => (int)_node.Start.Line;

    public static YamlMap? Of(YamlNode? node, string path, PlanProblems problems)
    {
        if (node is YamlMappingNode map) return new YamlMap(map, path, problems);
        if (node is not null && !IsNull(node)) problems.Add(node, path, "must be a mapping");
        return null;
    }

    public static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain };

    public YamlNode? Node(string key)
    {
        _read.Add(key);
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: var name } && name == key) return IsNull(v) ? null : v;
        }
        return null;
    }

    public bool Has(string key) => _node.Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == key);

    public void Problem(string key, string message) => _problems.Add(Node(key) ?? _node, $"{Path}.{key}", message);

    public string? String(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required) _problems.Add(_node, $"{Path}.{key}", "is required");
            return null;
        }
        if (node is YamlScalarNode scalar && !string.IsNullOrWhiteSpace(scalar.Value)) return scalar.Value.Trim();
        _problems.Add(node, $"{Path}.{key}", "must be a text value");
        return null;
    }

    public int? Int(string key, bool required = false, int min = int.MinValue)
    {
        var text = String(key, required);
        if (text is null) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min) return value;
        Problem(key, min == int.MinValue ? $"'{text}' is not a whole number" : $"'{text}' is not a whole number ≥ {min}");
        return null;
    }

    public double? Number(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        Problem(key, $"'{text}' is not a number");
        return null;
    }

    public bool? Bool(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (bool.TryParse(text, out var value)) return value;
        Problem(key, $"'{text}' is not true or false");
        return null;
    }

    public T? Enum<T>(string key, IReadOnlyDictionary<string, T> names, bool required = false) where T : struct
    {
        var text = String(key, required);
        if (text is null) return null;
        if (names.TryGetValue(text, out var value)) return value;
        Problem(key, $"'{text}' is not one of {string.Join(", ", names.Keys)}");
        return null;
    }

    /// <summary>A list of scalars; a single scalar is taken as a list of one.</summary>
    public IReadOnlyList<string> Strings(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null: return [];
            case YamlScalarNode scalar: return string.IsNullOrWhiteSpace(scalar.Value) ? [] : [scalar.Value.Trim()];
            case YamlSequenceNode sequence:
                var result = new List<string>();
                var i = 0;
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { } value } && !string.IsNullOrWhiteSpace(value)) result.Add(value.Trim());
                    else _problems.Add(item, $"{Path}.{key}[{i}]", "must be a text value");
                    i++;
                }
                return result;
            default:
                Problem(key, "must be a list of text values");
                return [];
        }
    }

    /// <summary>Each item of a sequence of mappings, with its path.</summary>
    public IReadOnlyList<YamlMap> Maps(string key)
    {
        var node = Node(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode sequence)
        {
            Problem(key, "must be a list");
            return [];
        }
        var result = new List<YamlMap>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (Of(sequence.Children[i], $"{Path}.{key}[{i}]", _problems) is { } map) result.Add(map);
        }
        return result;
    }

    public YamlMap? Map(string key) => Of(Node(key), $"{Path}.{key}", _problems);

    /// <summary>The keys of the mapping, in file order, each with its value node.</summary>
    public IEnumerable<(string Key, YamlNode Value)> Entries()
    {
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: { } name })
            {
                _read.Add(name);
                yield return (name, v);
            }
        }
    }

    /// <summary>Reports every key of this mapping that the reader did not ask for.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (k, v) in _node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && !_read.Contains(name)) _problems.Add(k, $"{Path}.{name}", "unknown key");
        }
    }
}

internal sealed class PlanProblems(string file)
{
    public List<PlanProblem> List { get; } = [];

    public void Add(int line, string path, string message) => List.Add(new PlanProblem(file, line, path, message));

    public void Add(YamlNode node, string path, string message) => List.Add(new PlanProblem(file, (int)node.Start.Line, path, message));
}
