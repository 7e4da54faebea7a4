using EpiCommand.Data;
using EpiCommand.Data.People;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;

namespace EpiCommand.Web.Instructions;

public sealed record InstructionSummaryDto(long Id, string Region, int LeaderId, string Leader, string? LeaderPosition, DateTimeOffset IssuedAt, string Text, string State, DateTimeOffset? ClosedAt, int Version);

public sealed record AssignmentDto(string Unit, DateTimeOffset DueAt, string? Requirement, long? TaskId, string? TaskState, int? TaskProgress, int? TaskPresses,
    DateTimeOffset? LastReportAt, string? LastReport, bool Overdue);

public sealed record InstructionDto(long Id, string Region, int LeaderId, string Leader, string? LeaderPosition, DateTimeOffset IssuedAt, string Text, string? Subject,
    string State, DateTimeOffset? ClosedAt, string CreatedBy, DateTimeOffset CreatedAt, int Done, IReadOnlyList<AssignmentDto> Assignments, int Version);

public sealed record LeaderDto(int Id, string Name, string? Unit, string? Position, string Region);

/// <summary>Leaders' instructions (批示, 002 §四; I4): list, record and assign (→ tasks), the closed-loop view of each.</summary>
public static class InstructionsApi
{
    public static WebApplicationBuilder AddInstructions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<InstructionService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapInstructions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instructions").WithTags("Instructions").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, InstructionService instructions, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var list = await query.FilterAsync<Instruction, InstructionState>(jurisdiction, db, InstructionService.Newest, ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            var page = await instructions.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct);
            var leaders = await instructions.LeadersAsync(page.Items, ct);
            return TypedResults.Ok(new Page<InstructionSummaryDto>(page.Items.Select(i => ToSummary(i, leaders)).ToList(), page.Next, page.Total, page.MoreThan));
        }).Produces<Page<InstructionSummaryDto>>().WithName("ListInstructions")
            .WithSummary("Leaders' instructions of the jurisdiction, latest first, a page at a time; status=open|closed, region, from/to on when given, q: text prefix");
        group.MapGet("/leaders", async (HttpContext http, AppDbContext db, InstructionService instructions, string? region, CancellationToken ct) =>
        {
            var found = await http.Jurisdiction().RegionAsync(db, region ?? http.Jurisdiction().RegionCode, "region", ct);
            return found.Problem is { } refused ? refused.ToHttp()
                : TypedResults.Ok((await instructions.LeaderChoicesAsync(found.Value!, ct)).Select(p => new LeaderDto(p.Id, p.Name, p.Unit, p.Position, p.RegionCode)).ToList());
        }).WithName("InstructionLeaders").WithSummary("The people of the organisation of a region and the regions above it, who may be named as an instruction's leader (at most 200)");
        group.MapGet("/{id:long}", async (long id, HttpContext http, InstructionService instructions, TimeProvider clock, CancellationToken ct) =>
                await instructions.FindAsync(id, http.Jurisdiction(), ct) is { } instruction
                    ? Results.Ok(await DetailAsync(instruction, instructions, clock, ct))
                    : Problem.NotFound("no-such-instruction", Messages.NoSuchInstruction(id)).ToHttp())
            .WithName("GetInstruction").WithSummary("An instruction with each assigned unit's task: state, progress, presses and the latest progress report (the closed loop)");
        group.MapPost("/", async (NewInstruction request, HttpContext http, InstructionService instructions, TimeProvider clock, CancellationToken ct) =>
            {
                var outcome = await instructions.RecordAsync(request, http.User, http.Jurisdiction(), ct);
                if (outcome.Problem is { } refused) return refused.ToHttp();
                var dto = await DetailAsync(outcome.Value!, instructions, clock, ct);
                return Results.Created($"/api/instructions/{dto.Id}", dto);
            })
            .WithName("RecordInstruction").WithSummary("The headquarters records a leader's instruction (who, when, text) and assigns it to units with deadlines; each becomes a task and the unit is notified");
        return app;
    }

    private static async Task<InstructionDto> DetailAsync(Instruction instruction, InstructionService instructions, TimeProvider clock, CancellationToken ct)
    {
        var leaders = await instructions.LeadersAsync([instruction], ct);
        return ToDto(instruction, leaders.GetValueOrDefault(instruction.LeaderId), await instructions.ProgressAsync(instruction, ct), clock.GetUtcNow());
    }

    public static InstructionSummaryDto ToSummary(Instruction i, IReadOnlyDictionary<int, Person> leaders)
    {
        var leader = leaders.GetValueOrDefault(i.LeaderId);
        return new(i.Id, i.RegionCode, i.LeaderId, leader?.Name ?? "", leader?.Position, i.IssuedAt, i.Text, EnumNames.Of(i.State), i.ClosedAt, i.Version);
    }

    public static InstructionDto ToDto(Instruction i, Person? leader, IReadOnlyList<AssignmentProgress> progress, DateTimeOffset now) => new(
        i.Id, i.RegionCode, i.LeaderId, leader?.Name ?? "", leader?.Position, i.IssuedAt, i.Text, i.Subject, EnumNames.Of(i.State), i.ClosedAt, i.CreatedBy, i.CreatedAt,
        progress.Count(p => p.Task?.State == TaskState.Done),
        progress.Select(p => new AssignmentDto(p.Assignment.Unit, p.Assignment.DueAt, p.Assignment.Requirement, p.Assignment.TaskId,
            p.Task is null ? null : EnumNames.Of(p.Task.State), p.Task?.Progress, p.Task?.PressCount, p.Latest?.At, p.Latest?.Note,
            p.Task is not null && Tasks.TaskService.IsOverdue(p.Task, now))).ToList(),
        i.Version);
}
