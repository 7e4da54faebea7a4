using EpiCommand.Data;
using EpiCommand.Data.Response;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
}

public sealed class SqliteAuditChainTests() : AuditChainTests<SqliteFactory>(new());

public sealed class PostgresAuditChainTests() : AuditChainTests<PostgresFactory>(new());
