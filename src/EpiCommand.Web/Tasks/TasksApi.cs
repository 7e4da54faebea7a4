using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
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

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, TaskService tasks, TimeProvider clock, string? unit, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var errors = new FieldErrors();
            if (unit is { Length: > Limits.LineCharacters }) errors.Add("unit", Messages.TooLong(Limits.LineCharacters));
            var list = await query.FilterAsync<ResponseTask, TaskListStatus>(jurisdiction, db, TaskService.Newest, ct, errors);
            if (list.Problem is { } refused) return refused.ToHttp();
            var now = clock.GetUtcNow();
            var page = await tasks.ListAsync(jurisdiction, list.Value.Filter, unit, list.Value.Page, ct);
            return TypedResults.Ok(new Page<TaskDto>(page.Items.Select(t => ToDto(t, now)).ToList(), page.Next, page.Total, page.MoreThan));
        }).Produces<Page<TaskDto>>().WithName("ListTasks")
            .WithSummary("Tasks of the jurisdiction, newest first, a page at a time (region, unit, status = open|inProgress|done|closed|cancelled|overdue, created from/to; q: title prefix)");

        group.MapGet("/board", async (HttpContext http, TaskService tasks, TimeProvider clock, CancellationToken ct) =>
        {
            var board = await tasks.BoardAsync(http.Jurisdiction(), ct);
            var now = clock.GetUtcNow();
            return TypedResults.Ok(new TaskBoardDto(board.Units, board.Measures, board.Active.Select(t => ToDto(t, now)).ToList()));
        }).WithName("TaskBoard").WithSummary("The headquarters' board: counts per unit and per measure, unfinished tasks overdue first");

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
