using System.Text.Json;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Scenarios;

using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Assessments;

/// <summary>
/// <c>POST /api/assessments?plan=ID&amp;asOf=YYYY-MM-DD</c> with a scenario as the body returns the same JSON as
/// <c>epicommand assess --json</c> (requirements.md, "Scenario files and assess"). <c>plan</c> and <c>asOf</c> may also
/// be given in the body.
/// </summary>
public static class AssessmentsApi
{
    public static IEndpointRouteBuilder MapAssessments(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/assessments", Assess).WithTags("Assessments").RequireAuthorization()
            .WithName("Assess").WithSummary("Assess a scenario against a plan for one day")
            .Accepts<JsonElement>("application/json").WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Platform.Limits.AssessmentBodyBytes));
        return app;
    }

    private static async Task<IResult> Assess(HttpRequest request, PlanCatalog catalog, string? plan, string? asOf)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return Problem.Invalid("$", Messages.ScenarioNotJson((e.LineNumber ?? 0) + 1, e.Message.Split(" Path:")[0])).ToHttp();
        }
        using (document)
        {
            var root = document.RootElement;
            plan ??= root.ValueKind == JsonValueKind.Object && root.TryGetProperty("plan", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            asOf ??= root.ValueKind == JsonValueKind.Object && root.TryGetProperty("asOf", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;

            var errors = new FieldErrors();
            var found = plan is null ? null : catalog.Find(plan);
            if (plan is null) errors.Add("plan", Messages.AssessPlanRequired);
            else if (found is null) errors.Add("plan", Messages.OneOf(plan, string.Join(", ", catalog.All.Select(x => x.Id))));
            DateOnly day = default;
            if (asOf is null) errors.Add("asOf", Messages.AssessDayRequired);
            else if (!QueryDay.TryParse(asOf, out day)) errors.Add("asOf", Messages.NotADay(asOf));

            // The scenario reader's problems are the documented contract of `assess` (samples/invalid.json), in English in both UIs.
            var read = ScenarioReader.Read(root);
            foreach (var problem in read.Problems) errors.Add(problem.Path, new Text(problem.Message, problem.Message));
            if (errors.Problem is { } invalid) return invalid.ToHttp();

            var result = AssessmentEngine.Assess(found!, read.Scenario!, day);
            return TypedResults.Text(AssessmentJson.Serialize(result), "application/json; charset=utf-8");
        }
    }
}
