using EpiCommand.Domain.Plans;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EpiCommand.Web.Plans;

public sealed record PlanSummaryDto(string Id, string Name, string NameEn, string Seed, string Jurisdiction, string? Base, int Criteria, IReadOnlyList<string> ResponseLevels, int Measures);
public sealed record MeasureDto(string Id, string Clause, string Title, string Text, IReadOnlyList<string> Responsible, double? DeadlineHours, string Level, bool Inherited);
public sealed record ResponseLevelDto(string Level, string Name, string Clause, string? Trigger, string? RespondingLevel, string? Inherits, IReadOnlyList<MeasureDto> Measures);
public sealed record CriterionDto(string Grade, string Scope, string Clause, string Name, string Criterion, string? Requires);
public sealed record PlanDetailDto(PlanSummaryDto Summary, IReadOnlyList<CriterionDto> Grading, IReadOnlyList<ResponseLevelDto> ResponseLevels);

public static class PlansApi
{
    public static IEndpointRouteBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api/plans").WithTags("Plans").RequireAuthorization();
        plans.MapGet("/", (PlanCatalog catalog) => TypedResults.Ok(catalog.All.Select(Summary).ToList())).WithName("ListPlans").WithSummary("The plans the engine runs");
        plans.MapGet("/{id}", GetPlan).Produces<PlanDetailDto>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetPlan").WithSummary("A plan's grading criteria and its response levels with the measures in force at each");
        return app;
    }

    private static IResult GetPlan(string id, PlanCatalog catalog) =>
        catalog.Find(id) is { } plan
            ? TypedResults.Ok(Detail(plan))
            : Problem.NotFound("plan-not-found", Messages.NoSuchPlan(id)).ToHttp();

    public static PlanSummaryDto Summary(Plan plan) => new(plan.Id, plan.Name, plan.NameEn, plan.Seed, plan.Jurisdiction, plan.Base,
        plan.Grading.Count, plan.ResponseLevels.Select(l => l.Level).ToList(), plan.ResponseLevels.Sum(l => l.Measures.Count));

    public static PlanDetailDto Detail(Plan plan) => new(
        Summary(plan),
        plan.Grading.Select(c => new CriterionDto(c.Grade.ToString(), c.Scope.ToString().ToLowerInvariant(), c.Clause, c.Name, c.Criterion, c.Requires?.ToString())).ToList(),
        plan.ResponseLevels.Select(l => new ResponseLevelDto(l.Level, l.Name, l.Clause, l.Trigger?.ToString(), l.RespondingLevel?.ToString().ToLowerInvariant(), l.Inherits,
            plan.MeasuresInForce(l.Level).Select(m => new MeasureDto(m.Id, m.Clause, m.Title, m.Text, m.Responsible, m.DeadlineHours,
                LevelOf(plan, m), !l.Measures.Contains(m))).ToList())).ToList());

    private static string LevelOf(Plan plan, Measure measure) => plan.ResponseLevels.First(l => l.Measures.Contains(measure)).Level;
}
