using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Documents;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Meetings;

public sealed record MeetingSummaryDto(long Id, string Region, string CalledBy, string Topic, DateTimeOffset StartsAt, string Place, bool Online, string State, int Version);

public sealed record AttendeeDto(string Unit, int? PersonId);

public sealed record MeetingDecisionDto(int Number, string Text, string Unit, DateTimeOffset DueAt, long? TaskId, string? TaskState, int? TaskProgress);

public sealed record MeetingDto(
    long Id, string Region, string CalledBy, string Topic, DateTimeOffset StartsAt, string Place, bool Online, string State, string? Minutes, string? CancelReason,
    string CreatedBy, DateTimeOffset CreatedAt, string? RecordedBy, DateTimeOffset? RecordedAt, IReadOnlyList<AttendeeDto> Attendees, IReadOnlyList<MeetingDecisionDto> Decisions, int Version);

/// <summary>Coordination meetings (I1; 002 §五(一)): list, call, record minutes and decisions (→ tasks), cancel, the 会议纪要 as .docx.</summary>
public static class MeetingsApi
{
    public static WebApplicationBuilder AddMeetings(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MeetingService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/meetings").WithTags("Meetings").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, MeetingService meetings, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var list = await query.FilterAsync<Meeting, MeetingState>(jurisdiction, db, MeetingService.Newest, ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            var page = await meetings.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct);
            return TypedResults.Ok(new Page<MeetingSummaryDto>(page.Items.Select(ToSummary).ToList(), page.Next, page.Total, page.MoreThan));
        }).Produces<Page<MeetingSummaryDto>>().WithName("ListMeetings")
            .WithSummary("Coordination meetings of the jurisdiction, latest first, a page at a time; status=scheduled|held|cancelled, region, from/to on the meeting time, q: topic prefix");
        group.MapGet("/units", async (HttpContext http, AppDbContext db, MeetingService meetings, string? region, CancellationToken ct) =>
        {
            var found = await http.Jurisdiction().RegionAsync(db, region ?? http.Jurisdiction().RegionCode, "region", ct);
            return found.Problem is { } refused ? refused.ToHttp() : TypedResults.Ok(await meetings.UnitsAsync(found.Value!.Code, ct));
        }).WithName("MeetingUnits").WithSummary("The units of a region's organisation that may call, attend and carry out meeting decisions");
        group.MapGet("/{id:long}", async (long id, HttpContext http, MeetingService meetings, CancellationToken ct) =>
                await meetings.FindAsync(id, http.Jurisdiction(), ct) is { } meeting
                    ? Results.Ok(ToDto(meeting, await meetings.TasksAsync(meeting, ct)))
                    : Problem.NotFound("no-such-meeting", Messages.NoSuchMeeting(id)).ToHttp())
            .WithName("GetMeeting").WithSummary("A meeting with its attendees, minutes and decisions, each with the state and progress of its task");
        group.MapGet("/{id:long}/minutes.docx", async (long id, HttpContext http, AppDbContext db, MeetingService meetings, CancellationToken ct) =>
                await meetings.FindAsync(id, http.Jurisdiction(), ct) is { } meeting
                    ? TypedResults.File(await MeetingMinutesDocument.BuildAsync(db, meeting, ct), OfficialDocument.ContentType, $"meeting-{meeting.Id}.docx")
                    : Problem.NotFound("no-such-meeting", Messages.NoSuchMeeting(id)).ToHttp())
            .WithName("MeetingMinutesDocument").WithSummary("The meeting record as a 会议纪要 (.docx)");
        group.MapPost("/", async (NewMeeting request, HttpContext http, MeetingService meetings, CancellationToken ct) =>
                (await meetings.CallAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(m => $"/api/meetings/{m.Id}", m => ToDto(m, new Dictionary<long, ResponseTask>())))
            .WithName("CallMeeting").WithSummary("A member unit calls a coordination meeting (002 §五(一)): topic, time, place or online, the units (and people) invited; they are notified");
        group.MapPost("/{id:long}/record", async (long id, MeetingRecord record, HttpContext http, MeetingService meetings, CancellationToken ct) =>
            {
                var outcome = await meetings.RecordAsync(id, record, http.User, http.Jurisdiction(), ct);
                return outcome.Problem is { } refused ? refused.ToHttp() : Results.Ok(ToDto(outcome.Value!, await meetings.TasksAsync(outcome.Value!, ct)));
            })
            .WithName("RecordMeeting").WithSummary("The minutes and decisions of a held meeting; each decision becomes a task for its unit with its deadline");
        group.MapPost("/{id:long}/cancel", async (long id, MeetingCancel cancel, HttpContext http, MeetingService meetings, CancellationToken ct) =>
                (await meetings.CancelAsync(id, cancel, http.User, http.Jurisdiction(), ct)).ToHttp(m => ToDto(m, new Dictionary<long, ResponseTask>())))
            .WithName("CancelMeeting").WithSummary("Cancel a scheduled meeting, with the reason");
        return app;
    }

    public static MeetingSummaryDto ToSummary(Meeting m) => new(m.Id, m.RegionCode, m.CalledBy, m.Topic, m.StartsAt, m.Place, m.Online, EnumNames.Of(m.State), m.Version);

    public static MeetingDto ToDto(Meeting m, IReadOnlyDictionary<long, ResponseTask> tasks) => new(
        m.Id, m.RegionCode, m.CalledBy, m.Topic, m.StartsAt, m.Place, m.Online, EnumNames.Of(m.State), m.Minutes, m.CancelReason, m.CreatedBy, m.CreatedAt, m.RecordedBy, m.RecordedAt,
        m.Attendees.OrderBy(a => a.Id).Select(a => new AttendeeDto(a.Unit, a.PersonId)).ToList(),
        m.Decisions.OrderBy(d => d.Number).Select(d =>
        {
            var task = d.TaskId is { } id ? tasks.GetValueOrDefault(id) : null;
            return new MeetingDecisionDto(d.Number, d.Text, d.Unit, d.DueAt, d.TaskId, task is null ? null : EnumNames.Of(task.State), task?.Progress);
        }).ToList(),
        m.Version);
}
