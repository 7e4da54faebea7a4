using System.Globalization;
using System.Text;
using System.Text.Json;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>
/// The checkpoints of the audit chain's head, one JSON line each, appended to <c>audit-checkpoints.jsonl</c> in
/// <c>Audit:CheckpointFolder</c> — outside the database, so that whoever can rewrite the database cannot also rewrite what the
/// chain was (issue 13 §audit). The folder belongs on storage the database's administrators cannot write to (another volume or
/// host, ideally with the append-only attribute, <c>chattr +a</c>); <c>epicommand audit verify</c> reads it.
/// </summary>
public sealed class AuditCheckpointFile(string folder)
{
    public const string FileName = "audit-checkpoints.jsonl";

    /// <summary>Where the checkpoints are kept when <c>Audit:CheckpointFolder</c> is not set: beside the default SQLite database.</summary>
    public const string DefaultFolder = "data/audit";

    public string Path { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, FileName));

    public void Append(AuditCheckpoint checkpoint)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = JsonSerializer.Serialize(new Line(checkpoint.Entries, checkpoint.Head, checkpoint.At)) + "\n";
        // One write of a whole line in append mode, flushed to the disk before the checkpoint counts as written.
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every checkpoint in the file (none when there is no file yet); an unreadable line is an <see cref="InvalidDataException"/> naming it.</summary>
    public IReadOnlyList<AuditCheckpoint> ReadAll()
    {
        if (!File.Exists(Path)) return [];
        var checkpoints = new List<AuditCheckpoint>();
        var number = 0;
        foreach (var text in File.ReadLines(Path))
        {
            number++;
            if (text.Length == 0) continue;
            checkpoints.Add(Parse(text, number));
        }
        return checkpoints;
    }

    /// <summary>The newest checkpoint, read from the end of the file.</summary>
    public AuditCheckpoint? Last()
    {
        if (!File.Exists(Path)) return null;
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var tail = new byte[Math.Min(stream.Length, 4096)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        var lines = Encoding.UTF8.GetString(tail).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? null : Parse(lines[^1], 0);
    }

    private static AuditCheckpoint Parse(string text, int number)
    {
        try
        {
            var line = JsonSerializer.Deserialize<Line>(text) ?? throw new JsonException("empty");
            if (line.Entries < 1 || line.Head is not { Length: 64 }) throw new JsonException("no entry count or head");
            return new AuditCheckpoint(line.Entries, line.Head, line.At, number);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"line {number} of the audit checkpoints is unreadable: {e.Message}"), e);
        }
    }

    private sealed record Line(
        [property: System.Text.Json.Serialization.JsonPropertyName("entries")] long Entries,
        [property: System.Text.Json.Serialization.JsonPropertyName("head")] string Head,
        [property: System.Text.Json.Serialization.JsonPropertyName("at")] DateTimeOffset At);

    /// <summary>The checkpoint file of <c>Audit:CheckpointFolder</c>.</summary>
    public static AuditCheckpointFile From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        new(configuration[$"{AuditKeys.Section}:CheckpointFolder"] is { Length: > 0 } configured ? configured : DefaultFolder);
}
