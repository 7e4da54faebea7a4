using System.Globalization;
using System.Text.Json;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Scenarios;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static async Task<Results<ContentHttpResult, ValidationProblem>> Assess(HttpRequest request, PlanCatalog catalog, string? plan, string? asOf)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [$"not valid JSON (line {e.LineNumber + 1}): {e.Message.Split(" Path:")[0]}"] });
        }
        using (document)
        {
            var root = document.RootElement;
            plan ??= root.ValueKind == JsonValueKind.Object && root.TryGetProperty("plan", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            asOf ??= root.ValueKind == JsonValueKind.Object && root.TryGetProperty("asOf", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;

            var errors = new Dictionary<string, string[]>();
            var found = plan is null ? null : catalog.Find(plan);
            if (plan is null) errors["plan"] = ["plan is required (query ?plan= or body field)"];
            else if (found is null) errors["plan"] = [$"unknown plan '{plan}'; known plans: {string.Join(", ", catalog.All.Select(x => x.Id))}"];
            DateOnly day = default;
            if (asOf is null) errors["asOf"] = ["asOf is required (query ?asOf=YYYY-MM-DD or body field)"];
            else if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)) errors["asOf"] = [$"'{asOf}' is not a date (YYYY-MM-DD)"];

            var read = ScenarioReader.Read(root);
            foreach (var group in read.Problems.GroupBy(x => x.Path)) errors[group.Key] = group.Select(x => x.Message).ToArray();
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The scenario cannot be assessed");

            var result = AssessmentEngine.Assess(found!, read.Scenario!, day);
            return TypedResults.Text(AssessmentJson.Serialize(result), "application/json; charset=utf-8");
        }
    }
}
