using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Documents;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.Tasks;

public sealed record TaskDto(
    long Id, string Region, long? DecisionId, long? MeetingDecisionId, string Level, string MeasureId, string Clause, string Title, string Text, string Unit,
    DateTimeOffset CreatedAt, DateTimeOffset? DueAt, string State, bool Overdue, int Progress, DateTimeOffset? DoneAt, string? DoneBy,
    DateTimeOffset? ClosedAt, string? ClosedReason, int PressCount, DateTimeOffset? LastPressedAt, int Version);

public sealed record TaskUpdateDto(long Id, DateTimeOffset At, string By, string Note, int Progress, string? AttachmentName, string? AttachmentType, string? AttachmentUrl);

public sealed record TaskDetailDto(TaskDto Task, IReadOnlyList<TaskUpdateDto> Updates);

public sealed record TaskBoardDto(IReadOnlyList<BoardUnit> Units, IReadOnlyList<BoardMeasure> Measures, IReadOnlyList<TaskDto> Tasks);

/// <summary>A progress note sent as JSON (a file needs multipart/form-data).</summary>
public sealed record ProgressBody(string? Note, int? Progress, int? Version);

public sealed record DoneBody(string? Note, int? Version);

public sealed record PressBody(string? Note);

/// <summary>Tasks from measures (E1): the unit's list, progress with a file, done; the headquarters' board and pressing (督办, I4).</summary>
public static class TasksApi
{
    /// <summary>The largest request the progress endpoint reads: one file of at most 5 MB, the note and the form's framing.</summary>
    private const long MaxProgressRequestBytes = TaskService.MaxAttachmentBytes + 256 * 1024;

    /// <summary>What every list of tasks reads (the list's parameters, a unit, a measure), checked together: each bad one named.</summary>
    private static Task<Outcome<(ListFilter<TaskListStatus> Filter, PageRequest Page)>> FilterAsync(Jurisdiction jurisdiction, AppDbContext db, ListQuery query,
        string? unit, string? measure, FieldErrors errors, CancellationToken ct)
    {
        if (unit is { Length: > Limits.LineCharacters }) errors.Add("unit", Messages.TooLong(Limits.LineCharacters));
        if (measure is { Length: > Limits.LineCharacters }) errors.Add("measure", Messages.TooLong(Limits.LineCharacters));
        return query.FilterAsync<ResponseTask, TaskListStatus>(jurisdiction, db, TaskService.Newest, ct, errors);
    }

    /// <summary>The default deadline in force for <paramref name="region"/>: <paramref name="set"/> (its own or from above), or none.</summary>
    public static DefaultDeadlineDto ToDto(string region, TaskDeadlineDefault? set) => new(region, set?.Hours, set?.RegionCode, set?.SetAt, set?.SetBy);

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, TaskService tasks, TimeProvider clock, string? unit, string? measure, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var list = await FilterAsync(jurisdiction, db, query, unit, measure, new FieldErrors(), ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            var now = clock.GetUtcNow();
            var page = await tasks.ListAsync(jurisdiction, list.Value.Filter, unit, list.Value.Page, ct, measure);
            return TypedResults.Ok(new Page<TaskDto>(page.Items.Select(t => ToDto(t, now)).ToList(), page.Next, page.Total, page.MoreThan));
        }).Produces<Page<TaskDto>>().WithName("ListTasks")
            .WithSummary("Tasks of the jurisdiction, newest first, a page at a time (region, unit, measure, status = open|inProgress|done|closed|cancelled|overdue, created from/to; q: title prefix)");

        group.MapGet("/groups", async (HttpContext http, AppDbContext db, TaskService tasks, string? by, string? unit, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var errors = new FieldErrors();
            TaskGrouping grouping = TaskGrouping.Measure;
            if (by is not null && !EnumNames.TryParse(by, out grouping)) errors.Add("by", Messages.OneOf(by, EnumNames.List<TaskGrouping>()));
            var list = await FilterAsync(jurisdiction, db, query, unit, null, errors, ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            return TypedResults.Ok(await tasks.GroupsAsync(jurisdiction, list.Value.Filter, unit, grouping, ct));
        }).Produces<IReadOnlyList<TaskGroup>>().WithName("TaskGroups")
            .WithSummary("The tasks a filter keeps (as GET /api/tasks), grouped by=measure (default) or by=unit: one row per group with its counts, overdue first; list a group's tasks with measure= or unit=");

        group.MapGet("/board", async (HttpContext http, TaskService tasks, TimeProvider clock, CancellationToken ct) =>
        {
            var board = await tasks.BoardAsync(http.Jurisdiction(), ct);
            var now = clock.GetUtcNow();
            return TypedResults.Ok(new TaskBoardDto(board.Units, board.Measures, board.Active.Select(t => ToDto(t, now)).ToList()));
        }).WithName("TaskBoard").WithSummary("The headquarters' board: counts per unit and per measure, unfinished tasks overdue first");

        group.MapGet("/tasks.docx", async (HttpContext http, AppDbContext db, TaskService tasks, FactsCache facts, TimeProvider clock, string? unit, string? measure,
            [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var list = await FilterAsync(jurisdiction, db, query, unit, measure, new FieldErrors(), ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            var filter = list.Value.Filter;
            var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Path == filter.RegionPath, ct);
            var (rows, total) = await tasks.ForDocumentAsync(jurisdiction, filter, unit, measure, ct);
            var bytes = await TaskListDocument.BuildAsync(db, facts.Plan, region.Code, TaskListDocument.Scope(unit, measure, filter.Status), rows, total, clock.GetUtcNow(), ct);
            return TypedResults.File(bytes, OfficialDocument.ContentType, $"任务落实情况-{region.Name}-{ChinaTime.DayOf(clock.GetUtcNow()):yyyyMMdd}.docx");
        }).WithName("TaskListDocument")
            .WithSummary("The tasks a filter keeps (as GET /api/tasks) as an official document (.docx): counts by state and one row per task, by clause; at most 1,000 rows");

        group.MapGet("/default-deadline", async (HttpContext http, AppDbContext db, string? region, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var named = await jurisdiction.RegionAsync(db, region ?? jurisdiction.RegionCode, "region", ct);
            if (named.Problem is { } problem) return problem.ToHttp();
            return TypedResults.Ok(ToDto(named.Value!.Code, await TaskService.DefaultDeadlineAsync(db, named.Value!, ct)));
        }).Produces<DefaultDeadlineDto>().WithName("GetTaskDefaultDeadline")
            .WithSummary("The deadline in force for a region's tasks whose measure has none in the plan: its own or the nearest region above's (from = where it was set)");

        group.MapPut("/default-deadline", async (DefaultDeadlineBody body, HttpContext http, TaskService tasks, CancellationToken ct) =>
            (await tasks.SetDefaultDeadlineAsync(body.Region ?? http.Jurisdiction().RegionCode, body.Hours, body.ApplyToOpen, http.User, http.Jurisdiction(), ct))
                .ToHttp(applied => new DefaultDeadlineSet(applied)))
            .WithName("SetTaskDefaultDeadline")
            .WithSummary("Headquarters sets the deadline (hours, 1–720) of its region's tasks whose measure has none in the plan; applyToOpen gives the unfinished tasks without a deadline one, due that many hours from now");

        group.MapDelete("/default-deadline", async (string? region, HttpContext http, TaskService tasks, CancellationToken ct) =>
            (await tasks.RemoveDefaultDeadlineAsync(region ?? http.Jurisdiction().RegionCode, http.User, http.Jurisdiction(), ct))
                .ToHttp(applied => new DefaultDeadlineSet(applied)))
            .WithName("RemoveTaskDefaultDeadline")
            .WithSummary("Headquarters removes its region's default deadline (the region above's applies again, if any); tasks keep the deadlines they have");

        group.MapGet("/{id:long}", async (long id, HttpContext http, TaskService tasks, TimeProvider clock, CancellationToken ct) =>
            await tasks.FindAsync(id, http.Jurisdiction(), ct) is { } task
                ? Results.Ok(new TaskDetailDto(ToDto(task, clock.GetUtcNow()), await tasks.UpdatesAsync(id, ct)))
                : Problem.NotFound("no-such-task", Messages.NoSuchTask(id)).ToHttp())
            .WithName("GetTask").WithSummary("A task with its progress notes");

        group.MapPost("/{id:long}/progress", Progress)
            .DisableAntiforgery().WithMetadata(new RequestSizeLimitAttribute(MaxProgressRequestBytes))
            .WithName("ReportTaskProgress")
            .WithSummary("The responsible unit (or headquarters) reports progress 0–100 with a note: JSON, or multipart/form-data with fields note, progress, version and one file of at most 5 MB");

        group.MapPost("/{id:long}/done", async (long id, DoneBody body, HttpContext http, TaskService tasks, TimeProvider clock, CancellationToken ct) =>
            Answer(await tasks.CompleteAsync(id, body.Note, body.Version, http.User, http.Jurisdiction(), ct), clock))
            .WithName("CompleteTask").WithSummary("The responsible unit (or headquarters) marks the task done");

        group.MapPost("/press-overdue", async (BulkPressRequest body, HttpContext http, TaskService tasks, CancellationToken ct) =>
                (await tasks.PressOverdueAsync(body, http.User, http.Jurisdiction(), ct)).ToHttp(p => p))
            .Produces<BulkPress>()
            .WithName("PressOverdueTasks").WithSummary("Headquarters presses (督办) every overdue task of a measure and/or a unit at once (at most 500; more = true when more remain); each unit is notified once");
        group.MapPost("/{id:long}/press", async (long id, PressBody body, HttpContext http, TaskService tasks, TimeProvider clock, CancellationToken ct) =>
            Answer(await tasks.PressAsync(id, body.Note, http.User, http.Jurisdiction(), ct), clock))
            .WithName("PressTask").WithSummary("Headquarters presses (督办) an unfinished task, optionally with an instruction; the unit is notified");

        group.MapGet("/{id:long}/updates/{updateId:long}/attachment", async (long id, long updateId, HttpContext http, TaskService tasks, CancellationToken ct) =>
        {
            if (await tasks.AttachmentAsync(id, updateId, http.Jurisdiction(), ct) is not { } file) return Problem.NotFound("no-such-attachment", Messages.NoSuchAttachment(id, updateId)).ToHttp();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.File(file.Content, file.Type, file.Name);
        }).WithName("DownloadTaskAttachment").WithSummary("The file of a progress note");
        return app;
    }

    private static async Task<IResult> Progress(long id, HttpContext http, TaskService tasks, TimeProvider clock, CancellationToken ct)
    {
        ProgressReport report;
        if (http.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(ct);
            }
            catch (BadHttpRequestException e)
            {
                return TypedResults.Problem(title: Messages.UploadTooLarge(TaskService.MaxAttachmentBytes).ToString(), detail: Messages.UploadTooLarge(TaskService.MaxAttachmentBytes).ToString(),
                    statusCode: e.StatusCode, type: ProblemResults.TypePrefix + "request");
            }
            var errors = new FieldErrors();
            if (form.Files.Count > 1) errors.Add("file", Messages.OneFilePerNote);
            if (!TryInt(form["progress"], out var progress)) errors.Add("progress", Messages.ProgressOutOfRange);
            if (!TryInt(form["version"], out var version)) errors.Add("version", Messages.NotAnInteger(form["version"]));
            if (errors.Problem is { } invalid) return invalid.ToHttp();
            Attachment? attachment = null;
            if (form.Files.Count == 1)
            {
                var file = form.Files[0];
                if (file.Length > TaskService.MaxAttachmentBytes) return Problem.Invalid("file", Messages.AttachmentTooLarge(file.FileName, TaskService.MaxAttachmentBytes)).ToHttp();
                using var buffer = new MemoryStream((int)file.Length);
                await file.CopyToAsync(buffer, ct);
                attachment = new Attachment(FileName(file.FileName), ContentType(file.ContentType), buffer.ToArray());
            }
            report = new ProgressReport(form["note"], progress, attachment, version);
        }
        else if (http.Request.HasJsonContentType())
        {
            ProgressBody? body;
            try
            {
                body = await http.Request.ReadFromJsonAsync<ProgressBody>(ct);
            }
            catch (JsonException e)
            {
                var path = e.Path is null or "$" ? "$" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path;
                return Problem.Invalid(path, Messages.UnreadableValue(path)).ToHttp();
            }
            report = new ProgressReport(body?.Note, body?.Progress, null, body?.Version);
        }
        else
        {
            return TypedResults.Problem(title: Messages.ProgressContentType.ToString(), detail: Messages.ProgressContentType.ToString(), statusCode: StatusCodes.Status415UnsupportedMediaType,
                type: ProblemResults.TypePrefix + "content-type");
        }
        return Answer(await tasks.ReportProgressAsync(id, report, http.User, http.Jurisdiction(), ct), clock);
    }

    /// <summary>A blank field is no value; anything else must be an integer.</summary>
    private static bool TryInt(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!int.TryParse(text.Trim(), out var parsed)) return false;
        value = parsed;
        return true;
    }

    /// <summary>The name without any folder the browser sent, at most 200 characters.</summary>
    public static string FileName(string name)
    {
        var bare = Path.GetFileName(name.Replace('\\', '/')).Trim();
        if (bare.Length == 0) bare = "attachment";
        return bare.Length <= 200 ? bare : bare[^200..];
    }

    public static string ContentType(string? type) =>
        string.IsNullOrWhiteSpace(type) || type.Length > 100 ? "application/octet-stream" : type;

    private static IResult Answer(Outcome<ResponseTask> outcome, TimeProvider clock) => outcome.ToHttp(t => ToDto(t, clock.GetUtcNow()));

    public static TaskDto ToDto(ResponseTask t, DateTimeOffset now) => new(
        t.Id, t.RegionCode, t.DecisionId, t.MeetingDecisionId, t.Level, t.MeasureId, t.Clause, t.Title, t.Text, t.Unit, t.CreatedAt, t.DueAt, EnumNames.Of(t.State),
        TaskService.IsOverdue(t, now), t.Progress, t.DoneAt, t.DoneBy, t.ClosedAt, t.ClosedReason, t.PressCount, t.LastPressedAt, t.Version);
}

/// <summary>The default deadline in force for a region: hours (null: none), where it was set, when and by whom.</summary>
public sealed record DefaultDeadlineDto(string Region, int? Hours, string? From, DateTimeOffset? SetAt, string? SetBy);

public sealed record DefaultDeadlineBody(string? Region, int? Hours, bool ApplyToOpen = false);

/// <summary>How many unfinished tasks were given a deadline.</summary>
public sealed record DefaultDeadlineSet(int Applied);
