using System.Security.Claims;
using Bunit;
using EpiCommand.Data;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EpiCommand.Web.Tests.Components;

/// <summary>
/// Issue 12 §1: the Contacts and Cases pages hold one page of rows, never the list — rendered with bUnit over a platform of
/// their own (its database holding twice the cap), the table's server data loaded as in a browser.
/// </summary>
public sealed class ListPageTests : IAsyncLifetime
{
    private readonly SqliteFactory _factory = new();
    private readonly BunitContext _context = new();
    private IServiceScope? _scope;

    public async ValueTask InitializeAsync()
    {
        await _factory.InitializeAsync();
        _scope = _factory.Services.CreateScope();
        var services = _scope.ServiceProvider;
        _context.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        _context.Services.AddSingleton(services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        _context.Services.AddSingleton(services.GetRequiredService<TimeProvider>());
        _context.Services.AddScoped(_ => _factory.Services.CreateScope().ServiceProvider.GetRequiredService<ContactService>());
        _context.Services.AddScoped(_ => _factory.Services.CreateScope().ServiceProvider.GetRequiredService<CaseService>());
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = _context.AddAuthorization();
        auth.SetAuthorized("horqin");
        auth.SetClaims(new Claim(ClaimNames.Region, "150502"));
        _context.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public async Task ContactsPageShowsOnePageOfRowsWithTwiceTheCapStored()
    {
        var stored = await PagingChecks.StoreContactsAsync(_factory, 2 * Paging.MaxPageSize);
        var page = _context.Render<ContactsPage>();
        page.WaitForAssertion(() => Assert.Equal(Paging.DefaultPageSize, page.FindAll("[data-row=contact]").Count), TimeSpan.FromSeconds(20));
        Assert.Contains($"contact-{stored[0]}", page.Markup, StringComparison.Ordinal); // the newest registration heads the list

        page.Find("[data-testid=page-next]").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain($"contact-{stored[0]}\"", page.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Equal(Paging.DefaultPageSize, page.FindAll("[data-row=contact]").Count);
    }

    [Fact]
    public async Task CasesPageShowsOnePageOfRowsWithTwiceTheCapStored()
    {
        var stored = await PagingChecks.StoreCasesAsync(_factory, 2 * Paging.MaxPageSize);
        var page = _context.Render<CasesPage>();
        page.WaitForAssertion(() => Assert.Equal(Paging.DefaultPageSize, page.FindAll("[data-row=case]").Count), TimeSpan.FromSeconds(20));
        Assert.Contains($"case-{stored[0]}", page.Markup, StringComparison.Ordinal);
        var counted = System.Text.RegularExpressions.Regex.Match(page.Find("[data-testid=keyset-pager]").TextContent, @"共 (\d+) 条");
        Assert.True(counted.Success && int.Parse(counted.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= stored.Count, page.Find("[data-testid=keyset-pager]").TextContent);
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _scope?.Dispose();
        await _factory.DisposeAsync();
    }
}
