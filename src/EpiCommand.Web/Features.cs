using EpiCommand.Web.Assessments;
using EpiCommand.Web.Audit;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Clusters;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.DailyReports;
using EpiCommand.Web.Evaluations;
using EpiCommand.Web.KeyPopulations;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Map;
using EpiCommand.Web.Inspections;
using EpiCommand.Web.Instructions;
using EpiCommand.Web.Meetings;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Opinion;
using EpiCommand.Web.Organisation;
using EpiCommand.Web.People;
using EpiCommand.Web.Places;
using EpiCommand.Web.Shelters;
using EpiCommand.Web.NormalTime;
using EpiCommand.Web.Readiness;
using EpiCommand.Web.Plans;
using EpiCommand.Web.Publications;
using EpiCommand.Web.Regions;
using EpiCommand.Web.Response;
using EpiCommand.Web.Screening;
using EpiCommand.Web.Sentinels;
using EpiCommand.Web.Strategies;
using EpiCommand.Web.Supplies;
using EpiCommand.Web.Support;
using EpiCommand.Web.Surveillance;
using EpiCommand.Web.Tasks;
using EpiCommand.Web.Transfers;
using EpiCommand.Web.Users;
using EpiCommand.Web.Todo;
using EpiCommand.Web.Warnings;
using EpiCommand.Web.Zones;

namespace EpiCommand.Web;

/// <summary>
/// The table of contents: every feature of the platform, one folder each (its service, endpoints, messages and page), in the
/// order a case moves through them. The web start and the command line register the same services from here.
/// </summary>
public static class Features
{
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder)
    {
        builder.AddSurveillance();      // Surveillance/: cases, confirmation, settings, detections, judgments, the live picture
        builder.AddMap();               // Map/: the county map, the leaders' view, my to-do
        builder.AddClocks();            // Clocks/: reporting clocks and their overdue alarms
        builder.AddContacts();          // Contacts/: close contacts under observation
        builder.AddKeyPopulations();    // KeyPopulations/: arrivals, their tests
        builder.AddSentinels();         // Sentinels/: pharmacy and clinic reports
        builder.AddLineLists();         // LineLists/: imports and exports
        builder.AddNotifications();     // Notifications/: in-app notices, group robots, the webhook queue
        builder.AddDecisions();         // Response/: recommendations and decisions
        builder.AddTasks();             // Tasks/: measures as tasks, 督办
        builder.AddWarnings();          // Warnings/
        builder.AddZones();             // Zones/: control zones and lockdowns
        builder.AddScreening();         // Screening/: door-to-door screening of the zones' households (004 §九(一)8)
        builder.AddPlaces();            // Places/: public places by response level, checkpoints (001 §5.2.11, §5.3.3, §5.4.3)
        builder.AddShelters();          // Shelters/: Fangcang shelter hospitals, prepared at II and activated at I (001 §5.4.4; 004 §九(四)3)
        builder.AddMonitoring();        // Sentinels/: weekly ILI% of sentinel hospitals and unexplained pneumonia (001 §5.1.4; 004 §七(三))
        builder.AddTransfers();         // Transfers/: patient transfers between hospitals checked against 001 §6
        builder.AddDailyReports();      // DailyReports/
        builder.AddEvaluations();       // Evaluations/: the stand-down evaluation
        builder.AddAudit();             // Audit/: the audit trail's checkpoints outside the database
        builder.AddUsers();             // Users/: user administration, one's own password
        builder.AddTodo();              // Todo/: my to-do on the home page
        builder.AddClusters();          // Clusters/: clusters, their curves and transmission graph; their formation announced
        builder.AddPeople();            // People/: the organisation's people and the duty roster (users, rosters, directory)
        builder.AddSupplies();          // Supplies/: the reserve catalogue, depots and the stock ledger (readiness, emergency support)
        builder.AddSupport();           // Support/: county support requests, the city's working groups' answers, dispatch and allocation (seed 000)
        builder.AddReadiness();         // Readiness/: capacity registers and the plans' readiness norms read over them
        builder.AddNormalTime();        // NormalTime/: units' "五有", influenza vaccination and prices of daily necessities (003 §二(四); 001 §5.1.7)
        builder.AddMeetings();          // Meetings/: coordination meetings, their minutes and decisions as tasks (002 §五(一))
        builder.AddInspections();       // Inspections/: 督查检查 against the plan's checklists, rectification as tasks, re-inspection, 问责 (002 §五(七))
        builder.AddInstructions();      // Instructions/: leaders' instructions (批示) assigned to units as tasks, closed when all are done (002 §四)
        builder.AddPublications();      // Publications/: public information — bulletins, risk areas, clinics; the public page and feed
        builder.AddOpinion();           // Opinion/: public-opinion monitoring (舆情), handled as tasks, answered by rebuttals released as publications (001 §5.3.9)
        return builder;
    }

    public static IEndpointRouteBuilder MapFeatures(this IEndpointRouteBuilder app)
    {
        app.MapRegions();
        app.MapOrganisation();
        app.MapPeople();
        app.MapReadiness();
        app.MapNormalTime();
        app.MapPublications();
        app.MapMeetings();
        app.MapInspections();
        app.MapInstructions();
        app.MapOpinion();
        app.MapPlans();
        app.MapAssessments();
        app.MapCases();
        app.MapConfirmation();
        app.MapFacts();
        app.MapPicture();
        app.MapMap();
        app.MapClocks();
        app.MapContacts();
        app.MapKeyPopulations();
        app.MapSentinels();
        app.MapLineLists();
        app.MapNotifications();
        app.MapUnitWebhooks();
        app.MapDecisions();
        app.MapTasks();
        app.MapWarnings();
        app.MapZones();
        app.MapScreening();
        app.MapPlaces();
        app.MapShelters();
        app.MapMonitoring();
        app.MapTransfers();
        app.MapDailyReports();
        app.MapStrategies();
        app.MapEvaluations();
        app.MapAudit();
        app.MapUsers();
        app.MapTodo();
        app.MapClusters();
        app.MapSupplies();
        app.MapSupport();
        return app;
    }
}
