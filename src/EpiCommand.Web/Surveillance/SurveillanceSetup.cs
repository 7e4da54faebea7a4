using EpiCommand.Data;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.KeyPopulations;
using EpiCommand.Web.Sentinels;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Notifications;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Surveillance;

public static class SurveillanceSetup
{
    public static WebApplicationBuilder AddSurveillance(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FactsCache>();
        builder.Services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ClockOptions>>().Value);
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        builder.Services.AddScoped(sp => new ClockService(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<FactsCache>().Plan, sp.GetRequiredService<ClockOptions>()));
        builder.Services.AddScoped<CaseService>();
        builder.Services.AddScoped<ContactService>();
        builder.Services.AddScoped<FactService>();
        builder.Services.AddScoped<ConfirmationService>();
        builder.Services.AddScoped<KeyPopulationService>();
        builder.Services.AddScoped<SentinelService>();
        builder.Services.AddScoped<CaseImport>();
        builder.Services.AddScoped<ContactImport>();
        builder.Services.AddScoped<PictureService>();
        builder.Services.AddScoped<OverdueNotifier>();
        builder.Services.AddScoped<EpiCommand.Web.Platform.Notifier>();
        builder.Services.AddHttpClient("webhooks", client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<ClockWatcher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSurveillance(this IEndpointRouteBuilder app)
    {
        app.MapCases();
        app.MapConfirmation();
        app.MapContacts();
        app.MapFacts();
        app.MapPicture();
        app.MapClocks();
        app.MapNotifications();
        app.MapKeyPopulations();
        app.MapSentinels();
        app.MapLineLists();
        return app;
    }
}
