using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Surveillance;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 12 §2: several instances of the platform on one PostgreSQL. A case written by another instance (here: straight into
/// the database, as that instance's service would, followed by the notification it sends) shows in this instance's live
/// picture at once — not after the cache's maximum age, which the test's clock never reaches.
/// </summary>
public sealed class PostgresChangeSignalsTests : IAsyncLifetime
{
    private readonly PostgresFactory _factory = new();

    public ValueTask InitializeAsync() => _factory.InitializeAsync();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task AnotherInstancesCaseReachesThisInstancesPictureAtOnce()
    {
        var client = await _factory.SignedInAsync("city");
        const string quiet = "150522"; // 科尔沁左翼后旗: no case in the demo outbreak
        Assert.Equal(JsonValueKind.Null, Row(await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture"), quiet).GetProperty("grade").ValueKind);

        using (var db = _factory.CreateDbContext())
        {
            var region = await db.Regions.FindAsync("150522100001");
            var now = _factory.Clock.GetUtcNow();
            db.Cases.Add(new CaseRecord
            {
                Id = $"OTHER-{Guid.NewGuid():N}"[..20], Classification = Classification.Confirmed, PersonName = "测试", RegionCode = region!.Code,
                RegionPath = region.Path, ReportedAt = now.AddMinutes(-30), ConfirmedAt = now.AddMinutes(-30), CreatedAt = now, CreatedBy = "other-instance",
            });
            await db.SaveChangesAsync();
        }
        // Written behind this instance's back: its picture is still the cached one.
        Assert.Equal(JsonValueKind.Null, Row(await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture"), quiet).GetProperty("grade").ValueKind);

        await using (var connection = new NpgsqlConnection(_factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var notify = new NpgsqlCommand($"SELECT pg_notify('{PostgresChangeSignals.Channel}', 'other-instance:{ChangeSignals.Facts}')", connection);
            await notify.ExecuteNonQueryAsync();
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? grade = null;
        while (DateTime.UtcNow < deadline)
        {
            grade = Row(await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture"), quiet).GetProperty("grade").GetString();
            if (grade is not null) break;
            await Task.Delay(100);
        }
        Assert.Equal("IV", grade);
    }

    [Fact]
    public async Task AnotherInstancesCaseNamedInItsSignalIsReadAlone()
    {
        var client = await _factory.SignedInAsync("city");
        const string quiet = "150522";
        Assert.Equal(JsonValueKind.Null, Row(await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture"), quiet).GetProperty("grade").ValueKind);
        var facts = _factory.Services.GetRequiredService<FactsCache>();
        // Once this instance listens, a plain "facts" signal reads everything: from then on, what follows is counted.
        var listening = DateTime.UtcNow.AddSeconds(20);
        var first = facts.FullReads;
        while (facts.FullReads == first && DateTime.UtcNow < listening)
        {
            await NotifyAsync(ChangeSignals.Facts);
            await Task.Delay(200);
            await facts.GetAsync();
        }
        var reads = facts.FullReads;
        Assert.True(reads > first, "this instance never heard the signal");

        var id = $"OTHER-{Guid.NewGuid():N}"[..20];
        using (var db = _factory.CreateDbContext())
        {
            var region = await db.Regions.FindAsync("150522100001");
            var now = _factory.Clock.GetUtcNow();
            db.Cases.Add(new CaseRecord
            {
                Id = id, Classification = Classification.Confirmed, PersonName = "测试", RegionCode = region!.Code,
                RegionPath = region.Path, ReportedAt = now.AddMinutes(-30), ConfirmedAt = now.AddMinutes(-30), CreatedAt = now, CreatedBy = "other-instance",
            });
            await db.SaveChangesAsync();
        }
        await NotifyAsync($"{ChangeSignals.Facts}:cases:{id}");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string? grade = null;
        while (DateTime.UtcNow < deadline)
        {
            grade = Row(await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture"), quiet).GetProperty("grade").GetString();
            if (grade is not null) break;
            await Task.Delay(100);
        }
        Assert.Equal("IV", grade);
        Assert.Equal(reads, facts.FullReads);
    }

    private async Task NotifyAsync(string topic)
    {
        await using var connection = new NpgsqlConnection(_factory.ConnectionString);
        await connection.OpenAsync();
        await using var notify = new NpgsqlCommand($"SELECT pg_notify('{PostgresChangeSignals.Channel}', 'other-instance:{topic}')", connection);
        await notify.ExecuteNonQueryAsync();
    }

    private static JsonElement Row(JsonElement picture, string region) =>
        picture.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == region);
}
