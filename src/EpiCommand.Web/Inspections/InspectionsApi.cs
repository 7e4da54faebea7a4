using EpiCommand.Data;
using EpiCommand.Data.People;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.Inspections;

public sealed record InspectionSummaryDto(long Id, string Region, string Title, string Checklist, string InspectedUnit, string? Place, DateTimeOffset ScheduledAt, string State, int Version);

public sealed record InspectorDto(string Unit, int? PersonId, string? Person);

public sealed record PhotoDto(long Id, string Name, string ContentType, DateTimeOffset At, string By, string Url);

public sealed record FindingDto(long Id, int Number, string ItemId, string Clause, string Text, string State, string? Note, string? Requirement, DateTimeOffset? DueAt,
    long? TaskId, string? TaskState, int? TaskProgress, bool Overdue, int Reopened, DateTimeOffset? ClosedAt, string? ReinspectionNote, IReadOnlyList<PhotoDto> Photos, int Version);

public sealed record AccountabilityDto(long Id, long? FindingId, string Who, string Unit, string What, string Decision, DateTimeOffset DecidedAt, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record InspectionDto(long Id, string Region, string Title, string ChecklistId, string Checklist, string Clause, string InspectedUnit, string? Place, DateTimeOffset ScheduledAt,
    string State, DateTimeOffset? InspectedAt, string? InspectedBy, DateTimeOffset? ClosedAt, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<InspectorDto> Inspectors,
    IReadOnlyList<FindingDto> Findings, IReadOnlyList<AccountabilityDto> Accountability, int Version, int? RegisterUnitId = null);

public sealed record ChecklistItemDto(string Id, string Clause, string Text);

public sealed record ChecklistDto(string Id, string Name, string Clause, IReadOnlyList<ChecklistItemDto> Items);

/// <summary>
/// Inspections (督查检查, I2; 002 §五(七), 003 §三(四), 004 督查检查组, 001 §5.1.9): plan, results with photos, rectification orders
/// (→ tasks), re-inspection, accountability, statistics per unit.
/// </summary>
public static class InspectionsApi
{
    public static WebApplicationBuilder AddInspections(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<InspectionService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInspections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inspections").WithTags("Inspections").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, InspectionService inspections, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var list = await query.FilterAsync<Inspection, InspectionState>(jurisdiction, db, InspectionService.Newest, ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            var page = await inspections.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct);
            return TypedResults.Ok(new Page<InspectionSummaryDto>(page.Items.Select(ToSummary).ToList(), page.Next, page.Total, page.MoreThan));
        }).Produces<Page<InspectionSummaryDto>>().WithName("ListInspections")
            .WithSummary("Inspections of the jurisdiction, latest first, a page at a time; status=planned|inspected|closed, region, from/to on the date, q: title or inspected unit prefix");
        group.MapGet("/checklists", (InspectionService inspections) =>
                TypedResults.Ok(inspections.Checklists.Select(c => new ChecklistDto(c.Id, c.Name, c.Clause, c.Items.Select(i => new ChecklistItemDto(i.Id, i.Clause, i.Text)).ToList())).ToList()))
            .WithName("InspectionChecklists").WithSummary("The checklists of the plan in force (plan data: inspections[] of the plan file), e.g. 五有三严 (001 §5.1.9)");
        group.MapGet("/stats", async (HttpContext http, AppDbContext db, InspectionService inspections, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var checkedList = await query.CheckAsync(jurisdiction, db, InspectionService.ByUnit, new FieldErrors(), ct);
            if (checkedList.Problem is { } refused) return refused.ToHttp();
            return TypedResults.Ok(await inspections.StatsAsync(jurisdiction, checkedList.Value.RegionPath, checkedList.Value.Page, ct));
        }).Produces<Page<UnitInspectionStats>>().WithName("InspectionStats")
            .WithSummary("Per inspected unit of the jurisdiction (or of region): inspections, items found wanting, still open, under a rectification order, overdue; a page at a time by unit");
        group.MapGet("/{id:long}", async (long id, HttpContext http, InspectionService inspections, TimeProvider clock, CancellationToken ct) =>
                await inspections.FindAsync(id, http.Jurisdiction(), ct) is { } inspection
                    ? Results.Ok(await DetailAsync(inspection, inspections, clock, ct))
                    : Problem.NotFound("no-such-inspection", Messages.NoSuchInspection(id)).ToHttp())
            .WithName("GetInspection").WithSummary("An inspection with its inspectors, each checklist item's finding (result, photos, rectification task and its state, re-inspection) and the accountability records");
        group.MapPost("/", async (NewInspection request, HttpContext http, InspectionService inspections, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await inspections.PlanAsync(request, http.User, http.Jurisdiction(), ct), inspections, clock, ct, created: true))
            .WithName("PlanInspection").WithSummary("The headquarters plans an inspection: title, checklist of the plan, the unit (and place) inspected, when, who inspects; the unit is notified");
        group.MapPost("/{id:long}/results", async (long id, InspectionResults request, HttpContext http, InspectionService inspections, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await inspections.RecordResultsAsync(id, request, http.User, http.Jurisdiction(), ct), inspections, clock, ct))
            .WithName("RecordInspectionResults").WithSummary("The result of every checklist item (passed, or failed with a note); failed items become open findings");
        group.MapPost("/{id:long}/findings/{findingId:long}/rectification", async (long id, long findingId, RectificationOrder request, HttpContext http, InspectionService inspections, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await inspections.OrderRectificationAsync(id, findingId, request, http.User, http.Jurisdiction(), ct), inspections, clock, ct))
            .WithName("OrderRectification").WithSummary("A rectification order for a failed item: a task of the inspected unit with its deadline (督办 as any task)");
        group.MapPost("/{id:long}/findings/{findingId:long}/reinspection", async (long id, long findingId, Reinspection request, HttpContext http, InspectionService inspections, TimeProvider clock, CancellationToken ct) =>
                await AnswerAsync(await inspections.ReinspectAsync(id, findingId, request, http.User, http.Jurisdiction(), ct), inspections, clock, ct))
            .WithName("ReinspectFinding").WithSummary("Re-inspection of an open finding: passed closes it (and its task), not passed re-opens it; version guards against two at once (409)");
        group.MapPost("/{id:long}/findings/{findingId:long}/photos", async (long id, long findingId, IFormFile? file, HttpContext http, InspectionService inspections, CancellationToken ct) =>
            {
                if (!InspectionService.MayInspect(http.User)) return Problem.Forbidden("inspection-not-allowed", Messages.InspectionNotAllowed).ToHttp();
                if (file is null) return Problem.Invalid("file", Messages.PhotoFieldMissing).ToHttp();
                if (file.Length > InspectionService.MaxPhotoBytes) return Problem.Invalid("file", Messages.AttachmentTooLarge(file.FileName, InspectionService.MaxPhotoBytes)).ToHttp();
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                return (await inspections.AddPhotoAsync(id, findingId, new Photo(TasksApi.FileName(file.FileName), file.ContentType, buffer.ToArray()), http.User, http.Jurisdiction(), ct))
                    .ToCreated(p => PhotoUrl(p), ToPhoto);
            })
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(InspectionService.MaxPhotoBytes + 256 * 1024))
            .Produces<PhotoDto>(StatusCodes.Status201Created)
            .WithName("AddInspectionPhoto").WithSummary("A photo for a finding (multipart field `file`; JPEG, PNG or WebP by content, at most 5 MB, 10 per finding)");
        group.MapGet("/{id:long}/photos/{photoId:long}", async (long id, long photoId, HttpContext http, InspectionService inspections, CancellationToken ct) =>
        {
            if (await inspections.PhotoAsync(id, photoId, http.Jurisdiction(), ct) is not { } photo) return Problem.NotFound("no-such-photo", Messages.NoSuchPhoto(photoId)).ToHttp();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, no-store";
            return TypedResults.File(photo.Content, photo.ContentType, photo.Name);
        }).WithName("GetInspectionPhoto").WithSummary("A finding's photo, to users whose jurisdiction covers the inspection");
        group.MapPost("/{id:long}/accountability", async (long id, NewAccountability request, HttpContext http, InspectionService inspections, CancellationToken ct) =>
                (await inspections.RecordAccountabilityAsync(id, request, http.User, http.Jurisdiction(), ct)).ToCreated(a => $"/api/inspections/{id}", ToAccountability))
            .WithName("RecordAccountability").WithSummary("An accountability record (问责): who, of which unit, for what, the decision and when it was taken");
        return app;
    }

    private static async Task<IResult> AnswerAsync(Outcome<Inspection> outcome, InspectionService inspections, TimeProvider clock, CancellationToken ct, bool created = false)
    {
        if (outcome.Problem is { } refused) return refused.ToHttp();
        var dto = await DetailAsync(outcome.Value!, inspections, clock, ct);
        return created ? Results.Created($"/api/inspections/{dto.Id}", dto) : Results.Ok(dto);
    }

    public static async Task<InspectionDto> DetailAsync(Inspection inspection, InspectionService inspections, TimeProvider clock, CancellationToken ct)
    {
        var (photos, accountability) = await inspections.RecordsAsync(inspection, ct);
        return ToDto(inspection, await inspections.PeopleAsync([inspection], ct), await inspections.TasksAsync(inspection, ct), photos, accountability, clock.GetUtcNow());
    }

    private static string PhotoUrl(InspectionPhoto p) => $"/api/inspections/{p.InspectionId}/photos/{p.Id}";

    public static PhotoDto ToPhoto(InspectionPhoto p) => new(p.Id, p.Name, p.ContentType, p.At, p.By, PhotoUrl(p));

    public static AccountabilityDto ToAccountability(InspectionAccountability a) => new(a.Id, a.FindingId, a.Who, a.Unit, a.What, a.Decision, a.DecidedAt, a.RecordedBy, a.RecordedAt);

    public static InspectionSummaryDto ToSummary(Inspection i) =>
        new(i.Id, i.RegionCode, i.Title, i.ChecklistName, i.InspectedUnit, i.Place, i.ScheduledAt, EnumNames.Of(i.State), i.Version);

    public static InspectionDto ToDto(Inspection i, IReadOnlyDictionary<int, Person> people, IReadOnlyDictionary<long, ResponseTask> tasks, IReadOnlyList<InspectionPhoto> photos,
        IReadOnlyList<InspectionAccountability> accountability, DateTimeOffset now) => new(
        i.Id, i.RegionCode, i.Title, i.ChecklistId, i.ChecklistName, i.Clause, i.InspectedUnit, i.Place, i.ScheduledAt, EnumNames.Of(i.State), i.InspectedAt, i.InspectedBy, i.ClosedAt,
        i.CreatedBy, i.CreatedAt,
        i.Inspectors.OrderBy(a => a.Id).Select(a => new InspectorDto(a.Unit, a.PersonId, a.PersonId is { } p ? people.GetValueOrDefault(p)?.Name : null)).ToList(),
        i.Findings.OrderBy(f => f.Number).Select(f =>
        {
            var task = f.TaskId is { } t ? tasks.GetValueOrDefault(t) : null;
            return new FindingDto(f.Id, f.Number, f.ItemId, f.Clause, f.Text, EnumNames.Of(f.State), f.Note, f.Requirement, f.DueAt, f.TaskId,
                task is null ? null : EnumNames.Of(task.State), task?.Progress, IsOverdue(f, now), f.Reopened, f.ClosedAt, f.ReinspectionNote,
                photos.Where(p => p.FindingId == f.Id).Select(ToPhoto).ToList(), f.Version);
        }).ToList(),
        accountability.Select(ToAccountability).ToList(),
        i.Version, i.RegisterUnitId);

    /// <summary>A rectification order past its deadline that the re-inspection has not closed.</summary>
    public static bool IsOverdue(InspectionFinding f, DateTimeOffset now) => f.State == FindingState.Rectifying && f.DueAt is { } due && due < now;
}
