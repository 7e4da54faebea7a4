using System.Text.Json;
using EpiCommand.Cli.Commands;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 11 "readable reasons": the Chinese table of <c>epicommand assess</c> shows every fact by its label, regions,
/// settings and judgments by name — no raw fact key, judgment name or boolean.
/// </summary>
public class AssessTableTests
{
    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Theory]
    [InlineData("tongliao-2020", "tongliao-cluster.json", "2020-11-14")]
    [InlineData("tongliao-2020", "tongliao-cluster.json", "2020-11-20")]
    [InlineData("tongliao-2020", "tongliao-sporadic.json", "2020-11-20")]
    [InlineData("tongliao-2020", "tongliao-termination.json", "2020-11-19")]
    [InlineData("wujin-2020", "wujin.json", "2020-02-10")]
    [InlineData("wujin-2020", "wujin.json", "2020-03-25")]
    public void ChineseTableNamesNoRawFactKey(string plan, string sample, string asOf)
    {
        var file = new FileInfo(Path.Combine(Samples, sample));
        var json = new StringWriter();
        Assert.Equal(0, AssessCommand.Run(plan, file, asOf, json: true, plansFolder: null, json, new StringWriter()));
        var table = new StringWriter();
        Assert.Equal(0, AssessCommand.Run(plan, file, asOf, json: false, plansFolder: null, table, new StringWriter()));

        using var document = JsonDocument.Parse(json.ToString());
        var reasons = document.RootElement.GetProperty("regions").EnumerateArray().SelectMany(r => r.GetProperty("reasons").EnumerateArray()).ToList();
        var raw = reasons.SelectMany(r => r.GetProperty("facts").EnumerateObject().Select(f => f.Name))
            .Concat(reasons.Select(r => r.GetProperty("missingJudgment").GetString()).OfType<string>())
            .Concat(["true", "false", "True", "False", "notYet", "pending"])
            .ToHashSet();
        Assert.NotEmpty(reasons);
        var text = table.ToString();
        Assert.Contains("成立", text);
        foreach (var key in raw) Assert.DoesNotContain(key, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChineseTableSaysWhichJudgmentIsMissingAndListsClusters()
    {
        var table = new StringWriter();
        AssessCommand.Run("tongliao-2020", new FileInfo(Path.Combine(Samples, "tongliao-cluster.json")), "2020-11-14", json: false, plansFolder: null, table, new StringWriter());
        Assert.Contains("待专家研判：是否有进一步扩散趋势", table.ToString());
        Assert.Contains("未到期（2020-11-28起）", table.ToString());

        var clusters = new StringWriter();
        AssessCommand.Run("tongliao-2020", new FileInfo(Path.Combine(Samples, "tongliao-cluster.json")), "2020-11-20", json: false, plansFolder: null, clusters, new StringWriter());
        Assert.Contains("聚集性疫情（按形成日期）", clusters.ToString());
        Assert.Contains("2020-11-18", clusters.ToString());
    }
}
