using System.Globalization;
using Bunit;
using EpiCommand.Domain.Plans;
using EpiCommand.Web.Components.Pages;
using EpiCommand.Web.Plans;
using EpiCommand.Web.Platform;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EpiCommand.Web.Tests.Components;

/// <summary>Components rendered on their own with bUnit: no server, no browser.</summary>
public sealed class ComponentTests : IAsyncLifetime
{
    private static readonly PlanCatalog Plans = PlanCatalog.LoadFolder(Path.Combine(AppContext.BaseDirectory, "plans"));
    private readonly BunitContext _context = new();
    private readonly CultureInfo _culture = CultureInfo.CurrentUICulture;

    public ComponentTests()
    {
        _context.Services.AddMudServices();
        _context.Services.AddSingleton(Plans);
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        CultureInfo.CurrentUICulture = new CultureInfo(Ui.Chinese);
    }

    [Fact]
    public void PlanSearchByClauseKeepsOnlyTheMatchingMeasuresOfTheOpenLevel()
    {
        var page = _context.Render<PlanDetailPage>(p => p.Add(x => x.Id, "tongliao-2020"));
        var all = page.FindAll("[data-testid=plan-measure]").Count;
        Assert.Equal(Plans.Get("tongliao-2020").MeasuresInForce("normal").Count, all);

        page.Find("[data-testid=plan-search] input").Input("5.1.3");

        var expected = Plans.Get("tongliao-2020").MeasuresInForce("normal").Count(m => m.Clause.StartsWith("5.1.3", StringComparison.Ordinal));
        Assert.True(expected > 1);
        var shown = page.FindAll("[data-testid=plan-measure]");
        Assert.Equal(expected, shown.Count);
        Assert.All(shown, m => Assert.Contains("§5.1.3", m.TextContent));
    }

    [Fact]
    public void UnknownPlanSaysSoInsteadOfAnEmptyPage()
    {
        var page = _context.Render<PlanDetailPage>(p => p.Add(x => x.Id, "nowhere-2020"));
        Assert.Contains("没有这个预案", page.Markup);
    }

    [Fact]
    public void AccessMessageExplainsARefusalInTheUsersLanguage()
    {
        var chinese = _context.Render<AccessMessage>(p => p.Add(x => x.Access, RegionAccess.Forbidden));
        Assert.Contains("不在您的管辖范围内", chinese.Find("[data-testid=access-denied]").TextContent);

        CultureInfo.CurrentUICulture = new CultureInfo(Ui.English);
        var english = _context.Render<AccessMessage>(p => p.Add(x => x.Access, RegionAccess.Forbidden));
        Assert.Contains("outside your jurisdiction", english.Find("[data-testid=access-denied]").TextContent);
    }

    [Fact]
    public void AccessMessageShowsNothingWhenAccessIsAllowed()
    {
        var allowed = _context.Render<AccessMessage>(p => p.Add(x => x.Access, RegionAccess.Allowed));
        Assert.Empty(allowed.FindAll("[data-testid=access-denied]"));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        CultureInfo.CurrentUICulture = _culture;
        await _context.DisposeAsync();
    }
}
