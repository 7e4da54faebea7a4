using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Components.Pages;

/// <summary>
/// A page that shows one region of the user's jurisdiction (<c>?region=CODE</c>, default the user's own).
/// A region outside the jurisdiction is refused here, on the server, not hidden in a menu.
/// </summary>
public abstract class JurisdictionPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    protected IDbContextFactory<AppDbContext> DbFactory { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "region")]
    public string? RegionParameter { get; set; }

    protected Jurisdiction? Jurisdiction { get; private set; }
    protected Region? Region { get; private set; }
    protected RegionAccess Access { get; private set; } = RegionAccess.Allowed;
    protected bool Loaded { get; private set; }

    /// <summary>The signed-in user's name, for "who" in the records.</summary>
    protected string User { get; private set; } = "";

    /// <summary>The signed-in user, for the services' role checks (the same checks the API makes).</summary>
    protected System.Security.Claims.ClaimsPrincipal Principal { get; private set; } = new();

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        User = user.Identity?.Name ?? "";
        Principal = user;
        await using var db = DbFactory.CreateDbContext();
        Jurisdiction = await Jurisdiction.ForAsync(user, db);
        if (Jurisdiction is null)
        {
            Access = RegionAccess.Forbidden;
        }
        else
        {
            (Access, Region) = await Jurisdiction.FindRegionAsync(db, RegionParameter ?? Jurisdiction.RegionCode);
            if (Region is not null) await LoadAsync(db, Region);
        }
        Loaded = true;
    }

    protected abstract Task LoadAsync(AppDbContext db, Region region);

    protected static string RegionName(Region region) => Ui.IsEnglish && region.NameEn is { Length: > 0 } en ? en : region.Name;
}
