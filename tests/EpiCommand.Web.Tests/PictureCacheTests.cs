using EpiCommand.Web.Surveillance;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 12 §2: under a stream of writes the picture's readers do not all wait for its rebuild. While one reader builds it, the
/// others are shown the previous picture — except the person who wrote, who waits for the picture that shows their write.
/// </summary>
public sealed class PictureCacheTests : IAsyncLifetime
{
    private readonly SqliteFactory _factory = new();
    private static readonly DateOnly Day = new(2026, 12, 3);

    public ValueTask InitializeAsync() => _factory.InitializeAsync();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task OthersSeeThePreviousPictureWhileItIsRebuiltButTheWriterWaitsForTheirWrite()
    {
        var cache = _factory.Services.GetRequiredService<PictureCache>();
        var http = _factory.Services.GetRequiredService<IHttpContextAccessor>();
        var region = $"T{Guid.NewGuid():N}"[..12];
        Task<Picture> MustNotBuild() => throw new InvalidOperationException("this reader must not build");

        As(http, "a");
        Assert.Equal(1, Count(await cache.GetAsync(region, Day, () => Task.FromResult(PictureOf(region, 1)))));
        As(http, "b");
        Assert.Equal(1, Count(await cache.GetAsync(region, Day, MustNotBuild))); // kept

        As(http, "a");
        cache.Invalidate(); // a wrote

        var build = new TaskCompletionSource<Picture>(TaskCreationOptions.RunContinuationsAsynchronously);
        As(http, "b");
        var first = cache.GetAsync(region, Day, () => build.Task); // the first reader after the write builds, and waits
        Assert.False(first.IsCompleted);

        var stale = cache.StaleServed;
        As(http, "c");
        Assert.Equal(1, Count(await cache.GetAsync(region, Day, MustNotBuild))); // someone else: the previous picture, at once
        Assert.Equal(stale + 1, cache.StaleServed);

        As(http, "a");
        var writer = cache.GetAsync(region, Day, MustNotBuild); // the writer waits for the build under way
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(writer.IsCompleted);

        build.SetResult(PictureOf(region, 2));
        Assert.Equal(2, Count(await first));
        Assert.Equal(2, Count(await writer));
        As(http, "c");
        Assert.Equal(2, Count(await cache.GetAsync(region, Day, MustNotBuild)));
    }

    [Fact]
    public async Task AReaderAfterAWriteWithNobodyBuildingWaitsForTheNewPicture()
    {
        var cache = _factory.Services.GetRequiredService<PictureCache>();
        var http = _factory.Services.GetRequiredService<IHttpContextAccessor>();
        var region = $"T{Guid.NewGuid():N}"[..12];
        As(http, "b");
        Assert.Equal(1, Count(await cache.GetAsync(region, Day, () => Task.FromResult(PictureOf(region, 1)))));
        http.HttpContext = null; // a write without a request (a watcher, another instance's signal)
        cache.Invalidate();
        As(http, "b");
        Assert.Equal(2, Count(await cache.GetAsync(region, Day, () => Task.FromResult(PictureOf(region, 2)))));
    }

    [Fact]
    public async Task AFailedBuildIsNotKept()
    {
        var cache = _factory.Services.GetRequiredService<PictureCache>();
        var region = $"T{Guid.NewGuid():N}"[..12];
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(region, Day, () => throw new InvalidOperationException("database gone")));
        Assert.Equal(3, Count(await cache.GetAsync(region, Day, () => Task.FromResult(PictureOf(region, 3)))));
    }

    private static void As(IHttpContextAccessor http, string user) =>
        http.HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], "test")) };

    private static int Count(Picture picture) => picture.Counts.NewCases24Hours;

    private static Picture PictureOf(string region, int cases) => new(region, "tongliao-2020", Day, true, [], [], new PictureCounts(cases, 0, 0, 0, 0));
}
