namespace EpiCommand.Web.Platform;

/// <summary>A text in both UI languages; shown in the culture of the request or page that renders it.</summary>
public readonly record struct Text(string Zh, string En)
{
    public override string ToString() => Ui.T(Zh, En);
}

/// <summary>Why an operation was refused; each maps to one HTTP status.</summary>
public enum ProblemKind
{
    /// <summary>Input that cannot be accepted, with errors by JSON path (400, ValidationProblem).</summary>
    Invalid,
    /// <summary>A rule of the plan or of the platform refuses it (400).</summary>
    Rule,
    /// <summary>The user may not do this (403).</summary>
    Forbidden,
    /// <summary>No such thing in the user's jurisdiction (404).</summary>
    NotFound,
    /// <summary>The thing is not in a state that allows it, or another change came first (409).</summary>
    Conflict,
}

/// <summary>
/// A refusal: its kind, a stable code (the last segment of the problem's <c>type</c> URI, one per rule), the message, and
/// for invalid input the errors keyed by JSON path. Services return it inside an <see cref="Outcome{T}"/>; endpoints map it
/// with <see cref="ProblemResults.ToHttp"/> and pages show <see cref="Detail"/> — the same message in both.
/// </summary>
public sealed record Problem(ProblemKind Kind, string Code, Text Detail, IReadOnlyDictionary<string, Text[]>? Errors = null)
{
    public static Problem Invalid(string path, Text message) => new(ProblemKind.Invalid, "invalid", message, new Dictionary<string, Text[]> { [path] = [message] });
    public static Problem Rule(string code, Text message) => new(ProblemKind.Rule, code, message);
    public static Problem Forbidden(string code, Text message) => new(ProblemKind.Forbidden, code, message);
    public static Problem NotFound(string code, Text message) => new(ProblemKind.NotFound, code, message);
    public static Problem Conflict(string code, Text message) => new(ProblemKind.Conflict, code, message);

    /// <summary>One line for a page: the detail, or every field error.</summary>
    public string Message => Errors is { Count: > 0 } errors
        ? string.Join(" ", errors.Values.SelectMany(m => m).Select(m => m.ToString()).Distinct())
        : Detail.ToString();

    /// <summary>For a form: the messages by field in the current culture; a refusal without fields goes to <paramref name="field"/>.</summary>
    public Dictionary<string, string[]> ByField(string field) => Errors is { Count: > 0 } errors
        ? errors.ToDictionary(e => e.Key, e => e.Value.Select(m => m.ToString()).ToArray())
        : new Dictionary<string, string[]> { [field] = [Detail.ToString()] };

    public override string ToString() => $"{Kind} {Code}: {Message}";
}

/// <summary>Collects invalid input by JSON path; <see cref="Problem"/> is null while nothing is wrong.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<Text>> _errors = [];

    public bool Any => _errors.Count > 0;

    public bool Has(string path) => _errors.ContainsKey(path);

    public void Add(string path, Text message)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(message);
    }

    /// <summary>Takes over the field errors of an invalid outcome (other refusals the caller returns itself).</summary>
    public void Add(Problem? problem)
    {
        if (problem?.Errors is null) return;
        foreach (var (path, messages) in problem.Errors)
        {
            foreach (var message in messages) Add(path, message);
        }
    }

    public Problem? Problem => Any
        ? new Problem(ProblemKind.Invalid, "invalid", Messages.InvalidInput, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
        : null;
}

/// <summary>What a service operation came to: a value, or the problem that refused it. Nothing is changed when refused.</summary>
public readonly struct Outcome<T>
{
    private Outcome(T? value, Problem? problem) => (Value, Problem) = (value, problem);

    public T? Value { get; }
    public Problem? Problem { get; }
    public bool Succeeded => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);

    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) => Problem is null ? map(Value!) : Problem;

    /// <summary>For tests and start-up code: the value, or an exception carrying the problem.</summary>
    public T Expect() => Problem is null ? Value! : throw new InvalidOperationException(Problem.ToString());
}
