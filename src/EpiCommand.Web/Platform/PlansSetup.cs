using EpiCommand.Domain.Plans;

namespace EpiCommand.Web.Platform;

public sealed class PlansOptions
{
    public const string Section = "Plans";

    /// <summary>Folder of plan files; empty = the bundled <c>plans</c> folder.</summary>
    public string? Folder { get; set; }

    /// <summary>The plan the demo city runs on.</summary>
    public string CityPlan { get; set; } = "tongliao-2020";
}

public static class PlansSetup
{
    /// <summary>Loads every plan at start: an invalid plan file stops the platform with the file, line and reason.</summary>
    public static WebApplicationBuilder AddPlans(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PlansOptions.Section).Get<PlansOptions>() ?? new PlansOptions();
        builder.Services.AddOptions<PlansOptions>().BindConfiguration(PlansOptions.Section);
        builder.Services.AddSingleton(_ => PlanCatalog.LoadFolder(string.IsNullOrWhiteSpace(options.Folder) ? PlanCatalog.LocateFolder() : options.Folder));
        return builder;
    }
}
