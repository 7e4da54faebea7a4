using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Response;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The audit chain is ordered by the database, not by a lock in the process: two instances of the platform on one database
/// append at the same time and the chain stays one unbroken line with every entry in it.
/// </summary>
public abstract class AuditChainTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task TwoInstancesAppendingAtOnceKeepOneUnbrokenChain()
    {
        _ = factory.Services; // the first instance migrates and seeds the database
        var configuration = factory.Services.GetRequiredService<IConfiguration>();
        await using var second = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", configuration["Database:Provider"]);
            builder.UseSetting("Database:ConnectionString", configuration["Database:ConnectionString"]);
            builder.UseSetting("Database:MigrateOnStart", "false");
            builder.UseSetting("Database:SeedDemo", "false");
            builder.UseSetting("Audit:CurrentKeyId", configuration["Audit:CurrentKeyId"]);
            builder.UseSetting($"Audit:Keys:{EpiCommandFactory.TestAuditKeyId}", EpiCommandFactory.TestAuditKey);
            builder.UseSetting("Audit:CheckpointFolder", factory.CheckpointFolder);
        });
        var marker = Guid.NewGuid().ToString("N");
        const int perInstance = 15;

        async Task AppendAsync(IServiceProvider services, string instance, int i)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await AuditLog.SaveChangesAsync(db, instance, DateTimeOffset.UtcNow,
                [new AuditRecord("test.concurrent", "test", $"{marker}-{instance}-{i}", new { i }), new AuditRecord("test.concurrent", "test", $"{marker}-{instance}-{i}b", new { i })],
                CancellationToken.None);
        }

        await Task.WhenAll(Enumerable.Range(0, perInstance).SelectMany(i => new[]
        {
            Task.Run(() => AppendAsync(factory.Services, "one", i)),
            Task.Run(() => AppendAsync(second.Services, "two", i)),
        }));

        await using var check = factory.Services.CreateAsyncScope();
        var reader = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var (broken, entries) = AuditLog.Verify(reader);
        Assert.Null(broken);
        Assert.Equal(await reader.AuditEntries.CountAsync(), entries);
        Assert.Equal(2 * 2 * perInstance, await reader.AuditEntries.CountAsync(e => e.Action == "test.concurrent" && e.SubjectId.StartsWith(marker)));
        var sequences = await reader.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(n => (long)n), sequences);
        // The two records of one append stay next to each other: an append is one transaction.
        var mine = await reader.AuditEntries.Where(e => e.SubjectId.StartsWith(marker)).OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.SubjectId }).ToListAsync();
        foreach (var pair in mine.Where(e => !e.SubjectId.EndsWith('b')))
        {
            Assert.Contains(mine, e => e.SubjectId == pair.SubjectId + "b" && e.Sequence == pair.Sequence + 1);
        }
    }

    /// <summary>
    /// These tests write checkpoints themselves and rewrite the chain: the platform's own checkpoint watcher, scanning once as
    /// the host starts, would otherwise record whatever head it happens to see meanwhile.
    /// </summary>
    private async Task WithoutTheWatcherAsync()
    {
        await factory.Services.GetServices<IHostedService>().OfType<EpiCommand.Web.Audit.AuditCheckpointWatcher>().Single().StopAsync(CancellationToken.None);
        foreach (var file in Directory.Exists(factory.CheckpointFolder) ? Directory.GetFiles(factory.CheckpointFolder) : []) File.Delete(file);
    }

    private AuditCheckpointFile Checkpoints => factory.Services.GetRequiredService<AuditCheckpointFile>();

    /// <summary>Appends <paramref name="count"/> entries with <paramref name="keys"/> (the platform's own when null).</summary>
    private async Task AppendAsync(int count, AuditKeys? keys = null)
    {
        await using var db = factory.CreateDbContext();
        if (keys is not null) db.AuditKeys = keys;
        await AuditLog.SaveChangesAsync(db, "tester", factory.Clock.GetUtcNow(),
            Enumerable.Range(0, count).Select(i => new AuditRecord("test.appended", "test", Guid.NewGuid().ToString("N"), new { i })), CancellationToken.None);
    }

    private async Task<AuditCheckpoint> CheckpointAsync()
    {
        await using var db = factory.CreateDbContext();
        return await AuditLog.CheckpointAsync(db, Checkpoints, factory.Clock.GetUtcNow(), CancellationToken.None) ?? throw new InvalidOperationException("no checkpoint written");
    }

    private AuditBreak? Verify(AuditKeys? keys = null)
    {
        using var db = factory.CreateDbContext();
        if (keys is not null) db.AuditKeys = keys;
        return AuditLog.Verify(db, Checkpoints.ReadAll()).Break;
    }

    private static AuditKeys Keys(string? current, params string[] ids) =>
        new(current, ids.ToDictionary(id => id, id => id == EpiCommandFactory.TestAuditKeyId ? Convert.FromBase64String(EpiCommandFactory.TestAuditKey) : SHA256.HashData(Encoding.UTF8.GetBytes(id))));

    [Fact]
    public async Task DeletingTheNewestEntriesIsCaughtByTheCheckpoint()
    {
        await WithoutTheWatcherAsync();
        await AppendAsync(5);
        var checkpoint = await CheckpointAsync();
        Assert.Null(Verify());
        Assert.Null(await AuditLog.CheckpointAsync(factory.CreateDbContext(), Checkpoints, factory.Clock.GetUtcNow(), CancellationToken.None)); // nothing new

        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(3, await db.AuditEntries.Where(e => e.Sequence > checkpoint.Entries - 3).ExecuteDeleteAsync());
            // What is left is an intact chain in itself: only the checkpoint knows it was longer.
            Assert.Null(AuditLog.Verify(db).Break);
        }
        var broken = Verify();
        Assert.NotNull(broken);
        Assert.Equal(checkpoint.Entries - 2, broken.Sequence);
        Assert.Contains("checkpoint of", broken.Reason);
        Assert.Contains($"recorded {checkpoint.Entries} entries", broken.Reason);
        Assert.Contains("deleted", broken.Reason);

        // The command line says the same, with exit code 1.
        if (factory is SqliteFactory) Assert.Equal(1, await CliVerifyAsync());
    }

    [Fact]
    public async Task EditingAnEntryAndRecomputingAPlainChainIsCaught()
    {
        await WithoutTheWatcherAsync();
        await AppendAsync(4);
        var checkpoint = await CheckpointAsync();
        await AppendAsync(2);
        Assert.Null(Verify());
        if (factory is SqliteFactory) Assert.Equal(0, await CliVerifyAsync());

        // Someone with the database but not the key edits an entry and recomputes SHA-256 links from there on: the keyed chain
        // does not accept plain links after it began.
        var edited = checkpoint.Entries - 1;
        await RecomputeAsync(from: edited, e => e.Data = "{\"i\":99}");
        var broken = Verify();
        Assert.NotNull(broken);
        Assert.Equal(edited, broken.Sequence);
        Assert.Contains("plain hash after the keyed chain began", broken.Reason);

        // Recomputing the whole chain as plain links leaves no keyed entry to object; the checkpoint outside the database does.
        await RecomputeAsync(from: 1, _ => { });
        broken = Verify();
        Assert.NotNull(broken);
        Assert.Equal(checkpoint.Entries, broken.Sequence);
        Assert.Contains($"differs from the checkpoint of", broken.Reason);
        Assert.Contains("recomputed", broken.Reason);
        if (factory is SqliteFactory) Assert.Equal(1, await CliVerifyAsync());
    }

    /// <summary>Rewrites entries from <paramref name="from"/> on as plain SHA-256 links, the way someone without the key would.</summary>
    private async Task RecomputeAsync(long from, Action<AuditEntry> edit)
    {
        await using var db = factory.CreateDbContext();
        var entries = await db.AuditEntries.Where(e => e.Sequence >= from).OrderBy(e => e.Sequence).ToListAsync();
        var previous = from == 1 ? AuditChain.Genesis : await db.AuditEntries.Where(e => e.Sequence == from - 1).Select(e => e.Hash).SingleAsync();
        edit(entries[0]);
        foreach (var e in entries)
        {
            e.PreviousHash = previous;
            e.KeyId = null;
            e.Hash = AuditChain.Hash(e.Sequence, e.At, e.Actor, e.Action, e.SubjectType, e.SubjectId, e.Data, previous);
            previous = e.Hash;
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task PlainEntriesThenKeyedThenARotatedKeyVerify()
    {
        await WithoutTheWatcherAsync();
        await using (var db = factory.CreateDbContext()) await db.AuditEntries.ExecuteDeleteAsync();
        // A platform from before the audit key wrote plain links; then key A, then key B after a rotation.
        await AppendAsync(3, AuditKeys.None);
        await AppendAsync(3, Keys("key-a", "key-a"));
        await AppendAsync(3, Keys("key-b", "key-a", "key-b"));
        await CheckpointAsync();

        Assert.Null(Verify(Keys("key-b", "key-a", "key-b")));
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal([null, null, null, "key-a", "key-a", "key-a", "key-b", "key-b", "key-b"], await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.KeyId).ToListAsync());
        }
        // Dropping the old key from the configuration leaves its entries unverifiable, which verification says.
        var broken = Verify(Keys("key-b", "key-b"));
        Assert.NotNull(broken);
        Assert.Equal(4, broken.Sequence);
        Assert.Contains("'key-a', which is not configured", broken.Reason);
        // Nor does a different key under the old id.
        var wrong = new AuditKeys("key-b", new Dictionary<string, byte[]>
        {
            ["key-a"] = SHA256.HashData(Encoding.UTF8.GetBytes("not key-a")),
            ["key-b"] = SHA256.HashData(Encoding.UTF8.GetBytes("key-b")),
        });
        broken = Verify(wrong);
        Assert.Equal(4, broken?.Sequence);
        Assert.Contains("does not match its hash", broken?.Reason);
    }

    [Fact]
    public async Task AnUnmaskingIsInTheChain()
    {
        string id;
        await using (var db = factory.CreateDbContext()) id = await db.Cases.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var cdc = await factory.SignedInAsync("cdc");
        var reason = $"流调 {Guid.NewGuid():N}";
        Assert.Equal(System.Net.HttpStatusCode.OK, (await cdc.PostAsJsonAsync($"/api/cases/{id}/unmask", new { reason })).StatusCode);

        await using var after = factory.CreateDbContext();
        var unmasking = await after.Unmaskings.SingleAsync(u => u.Reason == reason);
        var entry = await after.AuditEntries.SingleAsync(e => e.Action == "case.unmasked" && e.SubjectId == id && e.Data.Contains(reason));
        Assert.Equal(("cdc", "case", EpiCommandFactory.TestAuditKeyId), (entry.Actor, entry.SubjectType, entry.KeyId));
        Assert.Contains($"\"unmasking\":{unmasking.Id}", entry.Data);
        Assert.Null(Verify());
    }

    [Fact]
    public async Task TheWatcherWritesACheckpointWhenTheHeadMoves()
    {
        _ = factory.Services;
        await AppendAsync(2);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        long head;
        await using (var db = factory.CreateDbContext()) head = await db.AuditEntries.MaxAsync(e => e.Sequence);
        // The watcher runs on its own thread; give it a little while.
        for (var i = 0; i < 100 && Checkpoints.Last()?.Entries != head; i++) await Task.Delay(50);
        Assert.Equal(head, Checkpoints.Last()?.Entries);
    }

    /// <summary><c>epicommand audit verify</c> on this platform's SQLite file and checkpoints, with the test key from the environment.</summary>
    private async Task<int> CliVerifyAsync()
    {
        // The same value in every test, so setting it process-wide is harmless.
        Environment.SetEnvironmentVariable($"Audit__Keys__{EpiCommandFactory.TestAuditKeyId}", EpiCommandFactory.TestAuditKey);
        return await Cli.CliProgram.BuildRoot().Parse(["audit", "verify", "--provider", "Sqlite", "--connection", factory.ConnectionString, "--checkpoints", factory.CheckpointFolder]).InvokeAsync();
    }
}

public sealed class SqliteAuditChainTests() : AuditChainTests<SqliteFactory>(new());

public sealed class PostgresAuditChainTests() : AuditChainTests<PostgresFactory>(new());
