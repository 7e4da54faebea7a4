using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Todo;

/// <summary>One kind of to-do: <c>kind</c> is confirmDecisions, approveDecisions, issueWarnings, dailyReports, overdueClocks or overdueTasks.</summary>
public sealed record TodoDto(string Kind, int Count, string Link, IReadOnlyList<TodoItem> Top);

/// <summary>My to-do over HTTP; the home page reads the same <see cref="TodoService"/>.</summary>
public static class TodoApi
{
    public static WebApplicationBuilder AddTodo(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<TodoService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTodo(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/todo").WithTags("My to-do").RequireJurisdiction().WithRefusals()
            .MapGet("/", async (HttpContext http, TodoService todo, CancellationToken ct) =>
                TypedResults.Ok((await todo.GetAsync(http.User, http.Jurisdiction(), ct)).Select(g => new TodoDto(EnumNames.Of(g.Kind), g.Count, g.Link, g.Top)).ToList()))
            .WithName("GetTodo")
            .WithSummary("What waits for the signed-in user by role: decisions to confirm (experts) or approve (the region's headquarters), warnings to issue, today's daily reports not submitted, overdue reporting clocks and tasks — each a count, a link and the first five");
        return app;
    }
}
