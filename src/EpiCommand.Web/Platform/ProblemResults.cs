using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EpiCommand.Web.Platform;

/// <summary>
/// The one place where refusals become RFC 7807 responses: invalid input as a ValidationProblem with an <c>errors</c> map
/// keyed by JSON path, every other refusal as a Problem whose <c>type</c> names the rule. Texts in the request's culture.
/// </summary>
public static partial class ProblemResults
{
    public const string TypePrefix = "urn:epicommand:problem:";

    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid or ProblemKind.Rule => StatusCodes.Status400BadRequest,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static Text TitleOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => Messages.InvalidInput,
        ProblemKind.Rule => new("不符合规则", "Refused by a rule"),
        ProblemKind.Forbidden => new("无权操作", "Not allowed"),
        ProblemKind.NotFound => new("未找到", "Not found"),
        _ => new("状态冲突", "Conflict"),
    };

    public static IResult ToHttp(this Problem problem) => problem.Kind == ProblemKind.Invalid
        ? TypedResults.ValidationProblem(
            (problem.Errors ?? new Dictionary<string, Text[]>()).ToDictionary(e => e.Key, e => e.Value.Select(m => m.ToString()).ToArray()),
            detail: problem.Detail.ToString(), title: TitleOf(problem.Kind).ToString(), type: TypePrefix + problem.Code)
        : TypedResults.Problem(detail: problem.Detail.ToString(), statusCode: StatusOf(problem.Kind), title: TitleOf(problem.Kind).ToString(),
            type: TypePrefix + problem.Code);

    /// <summary>200 with the value mapped to its DTO, or the problem.</summary>
    public static IResult ToHttp<T, TDto>(this Outcome<T> outcome, Func<T, TDto> dto) =>
        outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Ok(dto(outcome.Value!));

    /// <summary>201 at the location the value names, or the problem.</summary>
    public static IResult ToCreated<T, TDto>(this Outcome<T> outcome, Func<T, string> location, Func<T, TDto> dto) =>
        outcome.Problem is { } problem ? problem.ToHttp() : TypedResults.Created(location(outcome.Value!), dto(outcome.Value!));

    /// <summary>Declares in the OpenAPI document the refusals every operation of a group may answer with.</summary>
    public static RouteGroupBuilder WithRefusals(this RouteGroupBuilder group) => group
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>
    /// Request binding failures (malformed JSON, a value of the wrong type, a query parameter that does not parse, a body
    /// too large) answer 400/413 with the path of what failed — in every environment, never a 500.
    /// </summary>
    public sealed partial class BadRequestHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad) return false;
            var (path, message) = Describe(bad, httpContext);
            IResult result = bad.StatusCode == StatusCodes.Status400BadRequest
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = [message.ToString()] },
                    detail: message.ToString(), title: Messages.InvalidInput.ToString(), type: TypePrefix + "invalid")
                : TypedResults.Problem(detail: message.ToString(), statusCode: bad.StatusCode, title: message.ToString(), type: TypePrefix + "request");
            await result.ExecuteAsync(httpContext);
            return true;
        }

        private static (string Path, Text Message) Describe(BadHttpRequestException bad, HttpContext http)
        {
            if (bad.InnerException is JsonException json)
            {
                var path = json.Path is null or "$" ? "$" : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path;
                return (path, Messages.UnreadableValue(path));
            }
            if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return ("$", http.Items[Limits.BodyLimitItem] is long max ? Messages.BodyTooLarge(max) : new("请求内容过大。", "The request body is too large."));
            }
            if (ParameterName().Match(bad.Message) is { Success: true } m)
            {
                var name = m.Groups["name"].Value;
                return (name, Messages.UnreadableValue(name));
            }
            return ("$", Messages.UnreadableBody);
        }

        // Minimal APIs say e.g.: Failed to bind parameter "DateOnly day" from "x". / Required parameter "string region" was not provided.
        [GeneratedRegex("parameter \"(?:[^\" ]+ )?(?<name>[^\" ]+)\"")]
        private static partial Regex ParameterName();
    }
}

/// <summary>
/// The message catalogue: every text a service refuses or reports with, in Chinese and English. One partial class, one file
/// per feature beside its service (<c>Contacts/ContactMessages.cs</c>), so a translator reads <c>Messages.*</c> and a
/// test checks every entry has both languages.
/// </summary>
public static partial class Messages
{
    public static Text NoJurisdiction => new("您的账号未分配地区，请联系管理员。", "The signed-in user has no region assigned.");
    public static Text NoSuchPlan(string id) => new($"没有编号为“{id}”的预案。", $"No plan has the id '{id}'.");
    public static Text InvalidInput => new("输入有误，请按提示修改。", "The input has errors; see each field.");
    public static Text UnreadableBody => new("请求内容无法读取：须为 JSON。", "The request body could not be read: it must be JSON.");
    public static Text UnreadableValue(string path) => new($"“{path}”的值无法读取，请检查格式。", $"The value of '{path}' could not be read; check its format.");
    public static Text RegionRequired => new("请填写地区。", "The region is required.");
    public static Text Required(Text what) => new($"请填写{what.Zh}。", $"{char.ToUpperInvariant(what.En[0])}{what.En[1..]} is required.");
    public static Text OutsideJurisdiction(string code) => new($"“{code}”不在您的管辖范围内。", $"'{code}' is outside your jurisdiction.");
    public static Text NoSuchRegion(string code) => new($"没有代码为“{code}”的地区。", $"No region has the code '{code}'.");
    public static Text TooLong(int max) => new($"最多 {max} 个字。", $"At most {max} characters.");
    public static Text ControlCharactersInLine => new("含有不可见的控制字符或文字方向控制符（含换行、制表符）。", "Holds an invisible control character or a text-direction override (line breaks and tabs included).");
    public static Text ControlCharacters => new("含有不可见的控制字符或文字方向控制符。", "Holds an invisible control character or a text-direction override.");
    public static Text TooFarAhead(int days) => new($"时间不能晚于 {days} 天之后。", $"The time lies more than {days} days ahead.");
    public static Text IdNotAvailable(string id) => new($"编号“{id}”不可用，请换一个编号。", $"The id '{id}' is not available; choose another.");
    public static Text TooMany(int max) => new($"最多 {max} 项。", $"At most {max} entries.");
    public static Text InFuture => new("时间不能晚于现在。", "The time lies in the future.");
    public static Text NotACursor => new("不是本接口返回的游标。", "Not a cursor returned by this API.");
    public static Text NotAnInstant => new("不是有效的时间，例如 2026-11-30T08:00:00+08:00。", "Not a time; e.g. 2026-11-30T08:00:00+08:00.");
    public static Text RangeBackwards => new("结束时间早于开始时间。", "The end of the range lies before its start.");
    public static Text PageSize(int max) => new($"每页 1 至 {max} 行。", $"A page has 1 to {max} rows.");
    public static Text OneOf(string value, string allowed) => string.IsNullOrWhiteSpace(value)
        ? new($"必填，可选：{allowed}。", $"Required: one of {allowed}.")
        : new($"“{value}”不是有效值，可选：{allowed}。", $"'{value}' is not one of {allowed}.");
}
