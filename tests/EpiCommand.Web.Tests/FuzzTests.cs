using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Property-based fuzzing (issue 13 §standing checks) with CsCheck's generators: line lists (CSV and xlsx, cases and contacts)
/// built from the layouts' headers and example values, then broken — cells of any text, headers dropped, doubled or shuffled,
/// bytes flipped, files cut short — and scenario files mutated from the samples. Every input must end in a result, never an
/// exception; a refused import must leave the database as it was; no input may take more than 100 times the median input's
/// time in the same run (an outlier is run again before it counts, so that a garbage collection is not taken for a blow-up).
/// CI runs about 10³ inputs; <c>EPICOMMAND_FUZZ_LONG=1</c> runs 10⁵ (docs/security.md). <c>EPICOMMAND_FUZZ_SEED</c> repeats a run.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    private readonly SqliteFactory _factory = new();

    public ValueTask InitializeAsync() => _factory.InitializeAsync();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private static readonly bool Long = Environment.GetEnvironmentVariable("EPICOMMAND_FUZZ_LONG") == "1";

    /// <summary>Inputs per test: 500 per importer and 1,000 scenarios in CI; 50,000 each in the long run.</summary>
    private static int Inputs(int ci) => Long ? 50_000 : ci;

    private static readonly ulong Seed = ulong.TryParse(Environment.GetEnvironmentVariable("EPICOMMAND_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed)
        ? seed : (ulong)Random.Shared.NextInt64();

    private static readonly Gen<string> AnyText = Gen.OneOf(
        Gen.String[Gen.Char, 0, 30],
        Gen.String[Gen.Char.AlphaNumeric, 0, 20],
        Gen.String[Gen.Char, 500, 3000],
        Gen.OneOf("", " ", "\"", "\"\"", ",", "\r\n", "\n", "=1+1", "@SUM(A1)", "\u202E", "\0", "NaN", "-1", "0", "1e308", "9999-12-31", "0001-01-01",
            "2026-02-30", "2026-11-10 25:61", "45000", "-45000", "确诊病例", "疑似病例", "阳性", "男", "女", "150500", "150502", "99", "\uFEFF"),
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString(CultureInfo.InvariantCulture)),
        Gen.DateTime.Select(d => d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));

    /// <summary>A cell: mostly the column's own example (so rows get past the first check), else any text, else empty.</summary>
    private static Gen<string?> Cell(LineListColumn column) =>
        Gen.Frequency((6, Gen.Const((string?)column.Example)), (3, AnyText.Select(t => (string?)t)), (1, Gen.Const((string?)null)));

    private static Gen<string?[][]> Sheet(LineListLayout layout)
    {
        var columns = layout.Imported.ToList();
        var row = columns.Select(Cell).Aggregate(Gen.Const(ImmutableEmpty()), (acc, cell) => acc.SelectMany(a => cell.Select(c => Append(a, c))));
        var headers = columns.Select(c => (string?)c.Header).ToArray();
        var header = Gen.Frequency(
            (6, Gen.Const(headers)),
            (1, Gen.Int[0, headers.Length - 1].Select(drop => headers.Where((_, i) => i != drop).ToArray())),
            (1, Gen.Int[0, headers.Length - 1].Select(twice => headers.Append(headers[twice]).ToArray())),
            (1, Gen.Shuffle(headers.ToArray())),
            (1, AnyText.Select(t => (string?)t).Array[0, 20]));
        return Gen.Select(header, row.Array[0, 12], (h, rows) => new[] { h }.Concat(rows).ToArray());
    }

    private static string?[] ImmutableEmpty() => [];

    private static string?[] Append(string?[] cells, string? cell) => [.. cells, cell];

    /// <summary>The bytes of a file: the sheet as CSV or xlsx, sometimes damaged after it was written.</summary>
    private static Gen<(byte[] Bytes, LineListFormat Format)> File(LineListLayout layout) =>
        Gen.Select(Sheet(layout), Gen.Bool, Gen.Int[0, 9], Gen.Int, Gen.Byte, (sheet, csv, damage, where, value) =>
        {
            // A worksheet is XML and cannot hold every character a CSV can (nor can Excel write them): those are left out of an xlsx.
            var bytes = csv ? Encoding.UTF8.GetBytes(LineListFile.Csv(sheet))
                : LineListFile.Xlsx([.. sheet.Select(r => r.Select(c => (object?)(c is null ? null : new string(c.Where(System.Xml.XmlConvert.IsXmlChar).ToArray()))).ToArray())]);
            if (bytes.Length > 0 && damage == 0) bytes[(int)((uint)where % bytes.Length)] = value;              // one byte changed
            if (bytes.Length > 0 && damage == 1) bytes = bytes[..(int)((uint)where % bytes.Length)];           // cut short
            return (bytes, csv ? LineListFormat.Csv : LineListFormat.Xlsx);
        });

    [Fact]
    public Task CaseImportsOfAnyFileEndInAResultAndARefusalWritesNothing() =>
        FuzzImportAsync(CaseColumns.Layout, s => s.GetRequiredService<CaseImport>(), Inputs(500));

    [Fact]
    public Task ContactImportsOfAnyFileEndInAResultAndARefusalWritesNothing() =>
        FuzzImportAsync(ContactColumns.Layout, s => s.GetRequiredService<ContactImport>(), Inputs(500));

    private async Task FuzzImportAsync<T>(LineListLayout layout, Func<IServiceProvider, LineListImport<T>> importer, int inputs) where T : class
    {
        string path;
        await using (var db = _factory.CreateDbContext()) path = await db.Regions.Where(r => r.Code == "150500").Select(r => r.Path).SingleAsync();
        var city = new Jurisdiction("150500", path);
        var files = File(layout);
        var pcg = new PCG((uint)(Seed >> 32), Seed);
        var times = new List<(double Ms, int Input)>();
        var generated = new List<(byte[] Bytes, LineListFormat Format)>();
        int refused = 0, imported = 0;
        for (var i = 0; i < inputs; i++)
        {
            var file = files.Generate(pcg, null, out _);
            generated.Add(file);
            var before = await FingerprintAsync();
            var (result, ms) = await ImportOnceAsync(importer, file, city, i);
            if (result.Ok)
            {
                imported++;
            }
            else
            {
                refused++;
                Assert.True(result.Errors.Count > 0, $"input {i} (seed {Seed}): refused without an error");
                Assert.True(before == await FingerprintAsync(), $"input {i} (seed {Seed}): a refused import wrote to the database");
            }
            times.Add((ms, i));
            if (generated.Count > 2000) generated[i - 2000] = default; // keep memory bounded in the long run
        }
        await AssertNoOutlierAsync(times, async i => (await ImportOnceAsync(importer, generated[i], city, i)).Ms, $"{layout.Kind} imports");
        TestContext.Current.SendDiagnosticMessage($"{layout.Kind}: {inputs} inputs (seed {Seed}), {refused} refused, {imported} imported");
        Assert.True(refused > inputs / 10, $"the generator should produce refusals too ({refused} of {inputs})");
    }

    private async Task<(LineListImportResult Result, double Ms)> ImportOnceAsync<T>(Func<IServiceProvider, LineListImport<T>> importer, (byte[] Bytes, LineListFormat Format) file,
        Jurisdiction city, int input) where T : class
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var import = importer(scope.ServiceProvider);
        using var stream = new MemoryStream(file.Bytes);
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await import.ImportAsync(stream, file.Format, file.Format == LineListFormat.Csv ? "fuzz.csv" : "fuzz.xlsx", city, "city", CancellationToken.None);
            return (result, watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            Assert.Fail($"input {input} (seed {Seed}, {file.Format}, {file.Bytes.Length} bytes) threw {e}");
            throw;
        }
    }

    private async Task<string> FingerprintAsync()
    {
        await using var db = _factory.CreateDbContext();
        // What the import's user wrote: the platform's watchers (recommendations, overdue notices) may write beside it meanwhile.
        return string.Join(',', await db.Cases.CountAsync(), await db.CaseEvents.CountAsync(), await db.Contacts.CountAsync(), await db.Clocks.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.Actor == "city"));
    }

    [Fact]
    public async Task ScenarioFilesOfAnyShapeAreReadOrRefusedWithAPath()
    {
        // The hand-written samples: the outlier check below compares every input with the median, so the seeds are of like
        // size; the real line list (tianjin-2020.json, 25 KB) is read in a few milliseconds, as its size asks, and would stand out.
        var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples"), "*.json").Where(f => new FileInfo(f).Length <= 10_000)
            .Select(f => System.IO.File.ReadAllText(f)).ToArray();
        var value = Gen.OneOf(
            AnyText.Select(t => (JsonNode?)JsonValue.Create(t)),
            Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : JsonValue.Create(0)),
            Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
            Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Const((JsonNode?)null),
            Gen.Int[0, 3].Select(n => (JsonNode?)new JsonArray(Enumerable.Range(0, n).Select(_ => (JsonNode?)new JsonObject()).ToArray())),
            Gen.Int[1, 60].Select(depth => (JsonNode?)JsonNode.Parse(new string('[', depth) + new string(']', depth))));
        var mutation = Gen.Select(Gen.Int[0, samples.Length - 1], Gen.Int[0, 5], Gen.Int.Array[1, 6], value, Gen.Int, (sample, kind, steps, replacement, where) =>
        {
            var text = samples[sample];
            if (kind == 0) return text[..(int)((uint)where % (text.Length + 1))];                       // cut short
            if (kind == 1) return text.Insert((int)((uint)where % (text.Length + 1)), replacement?.ToJsonString() ?? "null"); // text inserted anywhere
            var root = JsonNode.Parse(text)!;
            Replace(root, steps, replacement, remove: kind == 2);
            return root.ToJsonString();
        });
        var pcg = new PCG((uint)(Seed >> 32), Seed);
        var times = new List<(double Ms, int Input)>();
        var inputs = new List<string>();
        int refused = 0;
        for (var i = 0; i < Inputs(1000); i++)
        {
            var json = mutation.Generate(pcg, null, out _);
            inputs.Add(json);
            var (result, ms) = ReadOnce(json, i);
            if (result.Scenario is null)
            {
                refused++;
                Assert.NotEmpty(result.Problems);
                Assert.All(result.Problems, p => Assert.StartsWith("$", p.Path, StringComparison.Ordinal));
            }
            times.Add((ms, i));
            if (inputs.Count > 2000) inputs[i - 2000] = "";
        }
        await AssertNoOutlierAsync(times, i => Task.FromResult(ReadOnce(inputs[i], i).Ms), "scenario reading");
        TestContext.Current.SendDiagnosticMessage($"scenarios: {times.Count} inputs (seed {Seed}), {refused} refused");
    }

    private static (ScenarioReadResult Result, double Ms) ReadOnce(string json, int input)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return (ScenarioReader.Read(json), watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            Assert.Fail($"scenario input {input} (seed {Seed}) threw {e}\n{json[..Math.Min(json.Length, 2000)]}");
            throw;
        }
    }

    /// <summary>Walks from the root by <paramref name="steps"/> (each picks a child) and replaces or removes the node reached.</summary>
    private static void Replace(JsonNode root, int[] steps, JsonNode? replacement, bool remove)
    {
        var node = root;
        foreach (var step in steps)
        {
            var (parent, key, index) = (node, (string?)null, -1);
            switch (node)
            {
                case JsonObject o when o.Count > 0:
                    key = o.ElementAt((int)((uint)step % o.Count)).Key;
                    node = o[key];
                    break;
                case JsonArray a when a.Count > 0:
                    index = (int)((uint)step % a.Count);
                    node = a[index];
                    break;
                default:
                    return;
            }
            if (node is JsonObject or JsonArray && step % 3 != 0) continue;
            if (parent is JsonObject po && key is not null)
            {
                if (remove) po.Remove(key);
                else po[key] = replacement?.DeepClone();
            }
            else if (parent is JsonArray pa && index >= 0)
            {
                if (remove) pa.RemoveAt(index);
                else pa[index] = replacement?.DeepClone();
            }
            return;
        }
    }

    /// <summary>
    /// No input took more than 100 times the median; inputs over it are run again (their time then counts), so that a pause of
    /// the garbage collector or the machine is not taken for a slow input. The first 20 inputs warm up the code and are left out.
    /// </summary>
    private static async Task AssertNoOutlierAsync(List<(double Ms, int Input)> times, Func<int, Task<double>> again, string what)
    {
        var measured = times.Skip(20).ToList();
        if (measured.Count == 0) return;
        var sorted = measured.Select(t => t.Ms).Order().ToList();
        var median = sorted[sorted.Count / 2];
        var limit = 100 * median;
        foreach (var (ms, input) in measured.Where(t => t.Ms > limit))
        {
            var retry = Math.Min(await again(input), await again(input));
            Assert.True(retry <= limit, $"{what}: input {input} (seed {Seed}) took {retry:F1} ms, over 100 × the median {median:F2} ms");
        }
        TestContext.Current.SendDiagnosticMessage($"{what}: median {median:F2} ms, slowest {sorted[^1]:F1} ms over {measured.Count} timed inputs");
    }
}
