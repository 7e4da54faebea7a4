using System.Net;
using System.Text;
using System.Text.Json;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The authorization matrix (issue 13 §standing checks), generated from the OpenAPI document: every operation is asked by an
/// anonymous client, by each demo user (each role, a city and a county headquarters, a city and a county investigator, an expert,
/// an administrator) and — with the ids of another county's records — by a county user, and each answer's status class is
/// compared with the expectation table below. An operation the table does not know fails the test: a new endpoint is added
/// with what each role may do.
/// </summary>
public abstract partial class AuthorizationMatrixTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    internal static readonly string[] Users = ["city", "office", "horqin", "expert", "cdc", "horqin-cdc", "admin"];

    /// <summary>The county of the other-county probe: 霍林郭勒市, outside 科尔沁区 where <c>horqin</c> works.</summary>
    internal const string OtherCounty = "150581";

    /// <summary>Who asks, in the order of a row of <see cref="Expected"/>; the last is <c>horqin</c> naming the other county.</summary>
    internal static readonly string[] Subjects = ["anonymous", .. Users, "other-county"];

    [Fact]
    public async Task EveryOperationAnswersEachRoleAsTheTableSays()
    {
        var admin = await factory.SignedInAsync("admin");
        using var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json"));
        var operations = new List<Operation>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject()) operations.Add(Operation.From(method.Name.ToUpperInvariant(), path.Name, method.Value));
        }
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = factory.CreateClient(new() { AllowAutoRedirect = false }) };
        foreach (var user in Users) clients[user] = await factory.SignedInAsync(user);
        clients["other-county"] = clients["horqin"];

        var observed = new StringBuilder();
        var mismatches = new List<string>();
        foreach (var operation in operations.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal))
        {
            var classes = new StringBuilder();
            foreach (var who in Subjects)
            {
                using var request = operation.Request(otherCounty: who == "other-county");
                using var response = await clients[who].SendAsync(request);
                var status = (int)response.StatusCode;
                Assert.True(status < 500, $"{operation.Key} as {who}: {status}");
                classes.Append(classes.Length == 0 ? "" : " ").Append(Class(status));
            }
            observed.Append("        [\"").Append(operation.Key).Append("\"] = \"").Append(classes).AppendLine("\",");
            if (!Expected.TryGetValue(operation.Key, out var expected))
            {
                mismatches.Add($"{operation.Key}: not in the table; observed {classes}");
            }
            else if (expected != classes.ToString())
            {
                mismatches.Add($"{operation.Key}: expected {expected}, observed {classes}");
            }
        }
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "epicommand-authorization-matrix.txt"), observed.ToString());
        Assert.True(mismatches.Count == 0, $"{operations.Count} operations × {Subjects.Length} subjects; ({string.Join(", ", Subjects)}):\n{string.Join("\n", mismatches)}");
        // Every row of the table is an operation that exists: a removed endpoint leaves no stale expectation.
        Assert.Empty(Expected.Keys.Except(operations.Select(o => o.Key)));
    }

    /// <summary>2: done; 4: the request was judged (400, 404, 409, 415) after authorization; A: 401 sign in; F: 403 refused.</summary>
    private static char Class(int status) => status switch
    {
        401 => 'A',
        403 => 'F',
        >= 200 and < 300 => '2',
        _ => '4',
    };

    private sealed record Operation(string Method, string Path, IReadOnlyList<(string Name, string In, string Type)> Parameters, string? BodyType)
    {
        public string Key => $"{Method} {Path}";

        public static Operation From(string method, string path, JsonElement operation)
        {
            var parameters = new List<(string, string, string)>();
            if (operation.TryGetProperty("parameters", out var list))
            {
                foreach (var p in list.EnumerateArray())
                {
                    var type = p.TryGetProperty("schema", out var schema) && schema.TryGetProperty("type", out var t) ? t.ToString() : "string";
                    parameters.Add((p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, type));
                }
            }
            string? body = null;
            if (operation.TryGetProperty("requestBody", out var requestBody))
            {
                body = requestBody.GetProperty("content").EnumerateObject().Select(c => c.Name).OrderBy(n => n.StartsWith("multipart", StringComparison.Ordinal) ? 0 : 1).First();
            }
            return new Operation(method, path, parameters, body);
        }

        /// <summary>
        /// The request: path parameters that name nothing (of the right type, so that routing matches), no query — or, for the
        /// other county, its region code wherever a region or a code is asked for — and an empty body of the declared kind.
        /// </summary>
        public HttpRequestMessage Request(bool otherCounty)
        {
            var url = Path;
            var query = new List<string>();
            foreach (var (name, where, type) in Parameters)
            {
                var value = type is "integer" or "number" ? "987654321" : otherCounty && name is "code" or "region" ? OtherCounty : "MATRIX-0";
                if (where == "path") url = url.Replace("{" + name + "}", value, StringComparison.Ordinal);
                else if (where == "query" && otherCounty && name == "region") query.Add($"region={OtherCounty}");
            }
            var request = new HttpRequestMessage(new HttpMethod(Method), query.Count == 0 ? url : $"{url}?{string.Join('&', query)}");
            if (BodyType is { } kind)
            {
                request.Content = kind.StartsWith("multipart", StringComparison.Ordinal)
                    ? new MultipartFormDataContent { { new ByteArrayContent("a,b\n"u8.ToArray()), "file", "matrix.csv" } }
                    : new StringContent(otherCounty ? $"{{\"region\":\"{OtherCounty}\"}}" : "{}", Encoding.UTF8, "application/json");
            }
            return request;
        }
    }

    /// <summary>
    /// What each subject gets from each operation, in the order of <see cref="Subjects"/>: anonymous, city, office, horqin,
    /// expert, cdc, horqin-cdc, admin, other-county. A new endpoint gets a row here, reviewed, before the test passes.
    /// </summary>
    internal static readonly Dictionary<string, string> Expected = new()
    {
        ["POST /api/assessments"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/audit"] = "A F F F F F F 2 F",
        ["POST /api/account/password"] = "A 4 4 4 4 4 4 4 4",
        ["DELETE /api/account/two-factor"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/account/two-factor"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/account/two-factor"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/account/two-factor/key"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/account/two-factor/recovery-codes"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/todo"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/users"] = "A F F F F F F 2 F",
        ["POST /api/users"] = "A F F F F F F 4 F",
        ["GET /api/users/{userName}"] = "A F F F F F F 4 F",
        ["PUT /api/users/{userName}"] = "A F F F F F F 4 F",
        ["POST /api/users/{userName}/disable"] = "A F F F F F F 4 F",
        ["POST /api/users/{userName}/enable"] = "A F F F F F F 4 F",
        ["POST /api/users/{userName}/reset-password"] = "A F F F F F F 4 F",
        ["GET /api/audit/verify"] = "A F F F F F F 2 F",
        ["GET /api/cases"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/cases"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/cases/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/cases/{id}/confirmation"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/cases/{id}/confirmation/{step}"] = "A F F F 4 4 4 4 F",
        ["GET /api/cases/{id}/history"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/cases/{id}/reclassify"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/cases/{id}/unmask"] = "A F F F F 4 4 4 F",
        ["GET /api/clocks"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/clocks/{id}/complete"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/contacts"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/contacts"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/contacts/alerts"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/contacts/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/contacts/{id}/checks/{slot}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/contacts/{id}/release"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/contacts/{id}/to-suspected"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/daily-reports"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/daily-reports"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/daily-reports/export.xlsx"] = "A 2 2 2 F F F F 2",
        ["GET /api/daily-reports/report.docx"] = "A 2 2 2 F F F F 2",
        ["GET /api/daily-reports/figures"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/daily-reports/missing"] = "A 2 2 2 F F F F 2",
        ["GET /api/decisions"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/decisions"] = "A 4 4 4 4 F F F 4",
        ["GET /api/decisions/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/decisions/{id}/decision.docx"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/decisions/{id}/approve"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/decisions/{id}/confirm"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/decisions/{id}/reject"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/detections"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/detections"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/evaluations"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/evaluations"] = "A 4 4 4 4 F F F 4",
        ["GET /api/evaluations/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/evaluations/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/evaluations/{id}/report.docx"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/judgments"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/judgments"] = "A F F F 4 F F 4 F",
        ["GET /api/key-people"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/key-people"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/key-people/protocols"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/key-people/{id}/tests/{testId}"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/linelists/cases/export.xlsx"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/linelists/cases/import"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/linelists/cases/template.csv"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/linelists/cases/template.xlsx"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/linelists/contacts/export.xlsx"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/linelists/contacts/import"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/linelists/contacts/template.csv"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/linelists/contacts/template.xlsx"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/me"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/notifications"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/notifications/read-all"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/notifications/unread-count"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/notifications/{id}/read"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/plans"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/plans/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/regions"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/regions/{code}"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/regions/{code}/children"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/regions/{code}/organisation"] = "A 4 4 4 4 4 4 4 F",
        ["POST /api/regions/{code}/organisation/liaison"] = "A 4 4 4 F F F 4 F",
        ["GET /api/regions/{code}/picture"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/regions/{code}/map"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/regions/{code}/strategies"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/regions/{code}/clusters"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/clusters/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/clusters/{id}/cases"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/responses"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/screening/households"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/screening/households"] = "A 4 4 4 F 4 4 F 4",
        ["POST /api/screening/households/{id}/screen"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/screening/zones"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/screening/zones/{id}/import"] = "A 4 4 4 F 4 4 F 4",
        ["GET /api/places"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/ili"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/ili"] = "A 4 4 4 F 4 4 F 4",
        ["GET /api/ili/weeks"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/ili/missing"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/pneumonia"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/pneumonia"] = "A 4 4 4 F 4 4 F 4",
        ["POST /api/pneumonia/{id}/close"] = "A 4 4 4 F 4 4 F 4",
        ["GET /api/shelters"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/shelters"] = "A 4 4 4 F F F F F",
        ["POST /api/shelters/{id}/status"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/shelters/{id}/movements"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/shelters/{id}/movements"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/places"] = "A 4 4 4 F F F F F",
        ["POST /api/places/{id}/status"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/checkpoints"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/checkpoints"] = "A 4 4 4 F F F F F",
        ["POST /api/checkpoints/{id}/days"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/transfers"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/transfers"] = "A 4 4 4 F 4 4 F 4",
        ["GET /api/sentinels"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/sentinels"] = "A 4 4 4 4 4 4 4 F",
        ["POST /api/sentinels/{id}/advance"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/settings"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/settings"] = "A 4 4 4 4 4 4 4 F",
        ["PUT /api/settings/{id}/point"] = "A 4 4 4 4 4 4 4 4",
        ["DELETE /api/settings/{id}/point"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/tasks"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/tasks/board"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/tasks/default-deadline"] = "A 2 2 2 2 2 2 2 F",
        ["PUT /api/tasks/default-deadline"] = "A 4 4 4 F F F F F",
        ["DELETE /api/tasks/default-deadline"] = "A 2 2 2 F F F F F",
        ["GET /api/tasks/groups"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/tasks/tasks.docx"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/tasks/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/tasks/{id}/done"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/tasks/{id}/press"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/tasks/press-overdue"] = "A 4 4 4 F F F F F",
        ["POST /api/tasks/{id}/progress"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/tasks/{id}/updates/{updateId}/attachment"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/unit-webhooks"] = "A 2 2 2 F F F 2 2",
        ["POST /api/unit-webhooks"] = "A 4 4 4 F F F 4 F",
        ["GET /api/unit-webhooks/units"] = "A 4 4 4 4 4 4 4 F",
        ["DELETE /api/unit-webhooks/{id}"] = "A 4 4 4 F F F 4 4",
        ["PUT /api/unit-webhooks/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/warnings"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/warnings"] = "A 4 4 4 4 F F F F",
        ["GET /api/warnings/candidates"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/warnings/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/warnings/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/warnings/{id}/issue"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/warnings/{id}/lift"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/warnings/{id}/notice.docx"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/warnings/{id}/repeat"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/people"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/people"] = "A 4 4 4 F F F 4 F",
        ["GET /api/people/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/people/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/duty"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/readiness"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/opinion"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/opinion"] = "A 4 4 4 F 4 4 F F",
        ["GET /api/opinion/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/opinion/{id}/assess"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/opinion/{id}/close"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/opinion/{id}/rebuttal"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/instructions"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/instructions"] = "A 4 4 4 F F F F F",
        ["GET /api/instructions/leaders"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/instructions/{id}"] = "A 4 4 4 4 4 4 4 4",
        // Inspections (issue 17 §3): the headquarters plans and makes them; everyone of the jurisdiction reads them.
        ["GET /api/inspections"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/inspections"] = "A 4 4 4 F F F F F",
        ["GET /api/inspections/checklists"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/inspections/stats"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/inspections/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/inspections/{id}/results"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/inspections/{id}/findings/{findingId}/rectification"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/inspections/{id}/findings/{findingId}/reinspection"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/inspections/{id}/findings/{findingId}/photos"] = "A 4 4 4 F F F F 4",
        ["GET /api/inspections/{id}/photos/{photoId}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/inspections/{id}/accountability"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/meetings"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/meetings"] = "A 4 4 4 F 4 4 F F",
        ["GET /api/meetings/units"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/meetings/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/meetings/{id}/cancel"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/meetings/{id}/minutes.docx"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/meetings/{id}/record"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/public/bulletins"] = "2 2 2 2 2 2 2 2 2",
        ["GET /api/public/rebuttals"] = "2 2 2 2 2 2 2 2 2",
        ["GET /api/public/clinics"] = "2 2 2 2 2 2 2 2 2",
        ["GET /api/public/feed"] = "2 2 2 2 2 2 2 2 2",
        ["GET /api/public/risk-areas"] = "2 2 2 2 2 2 2 2 2",
        ["GET /api/publications"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/publications"] = "A 4 4 4 F 4 4 F F",
        ["GET /api/publications/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/publications/{id}/publish"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/publications/{id}/withdraw"] = "A 4 4 4 4 4 4 4 4",
        ["GET /api/readiness/forecast"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/readiness/forecast/assumptions"] = "A 2 2 2 2 2 2 2 F",
        ["PUT /api/readiness/forecast/assumptions/{region}"] = "A 4 4 4 F F F 4 F",
        ["POST /api/readiness/forecast/scenario"] = "A 4 4 4 4 4 4 4 F",
        ["GET /api/readiness/reserve-use"] = "A 2 2 2 2 2 2 2 F",
        ["PUT /api/readiness/reserve-use/{region}"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/history"] = "A 4 4 4 4 4 4 4 F",
        ["POST /api/readiness/gap-tasks"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/reserves"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/readiness/sizing"] = "A 2 2 2 2 2 2 2 2",
        ["PUT /api/readiness/sizing/{region}"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/hospitals"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/hospitals"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/hospitals/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/hospitals/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/hospitals/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/labs"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/labs"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/labs/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/labs/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/labs/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/labs/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/labs/import"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/quarantine-sites"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/quarantine-sites"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/quarantine-sites/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/quarantine-sites/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/quarantine-sites/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/sampling-sites"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/sampling-sites"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/sampling-sites/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/sampling-sites/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/sampling-sites/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/drills"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/drills"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/drills/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/drills/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/drills/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/drills/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/drills/import"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/teams"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/teams"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/teams/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/teams/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/teams/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/teams/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/teams/import"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/trainings"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/trainings"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/trainings/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/trainings/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/trainings/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/trainings/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/trainings/import"] = "A 4 4 4 F F F 4 4",
        // Normal-time work (issue 15; 001 §5.1.7, 003 §二(四)6, 8): units' "五有" kept like the registers; vaccination by headquarters and the CDC, prices by headquarters.
        ["GET /api/readiness/units"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/readiness/units"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/units/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/readiness/units/{id}"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/readiness/units/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/units/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/units/import"] = "A 4 4 4 F F F 4 4",
        ["GET /api/normal-time/vaccination"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/normal-time/vaccination/reports"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/normal-time/vaccination"] = "A 4 4 4 F 4 4 4 F",
        ["GET /api/normal-time/prices"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/normal-time/prices/reports"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/normal-time/prices"] = "A 4 4 4 F F F 4 F",
        ["GET /api/readiness/hospitals/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/hospitals/import"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/quarantine-sites/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/quarantine-sites/import"] = "A 4 4 4 F F F 4 4",
        ["GET /api/readiness/sampling-sites/export"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/readiness/sampling-sites/import"] = "A 4 4 4 F F F 4 4",
        ["POST /api/duty"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/duty/{id}"] = "A 4 4 4 F F F 4 4",
        // Emergency support (issue 16): a county's headquarters asks, the city's answers, dispatches and allocates; the county receives.
        ["GET /api/support"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/support"] = "A 4 4 4 F F F 4 F",
        ["GET /api/support/routes"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/support/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/support/{id}/decision"] = "A 4 4 F F F F 4 F",
        ["POST /api/support/{id}/escalation"] = "A 4 4 F F F F 4 F",
        ["POST /api/support/{id}/region-answer"] = "A F F F F F F F F",
        ["POST /api/support/{id}/dispatch"] = "A 4 4 F F F F 4 F",
        ["POST /api/support/{id}/receipt"] = "A 4 4 4 F F F 4 4",
        ["GET /api/support/allocation"] = "A 2 2 F F F F 2 F",
        ["POST /api/support/allocation"] = "A 4 4 F F F F 4 F",
        // Mutual aid (001 §5.4.9): everyone reads the needs and offers of their reach; a county's headquarters offers (the id probed
        // is no request: 404), never the city nor an administrator at the city level; the city decides.
        ["GET /api/support/needs"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/support/vehicles"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/support/vehicles"] = "A 4 4 4 F F F 4 4",
        ["DELETE /api/support/vehicles/{id}"] = "A 4 4 4 F F F 4 4",
        ["GET /api/support/substitutes"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/support/substitutes"] = "A 4 4 F F F F 4 F",
        ["DELETE /api/support/substitutes/{id}"] = "A 4 4 F F F F 4 F",
        ["GET /api/support/offers"] = "A 2 2 2 2 2 2 2 2",
        ["GET /api/support/offers/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/support/offers/{id}/decision"] = "A 4 4 F F F F 4 F",
        ["POST /api/support/offers/{id}/withdrawal"] = "A 4 4 4 F F F 4 4",
        ["POST /api/support/{id}/offers"] = "A F F 4 F F F F 4",
        ["GET /api/supplies/items"] = "A 2 2 2 2 2 2 2 2",
        ["POST /api/supplies/items"] = "A 4 4 4 F F F 4 4",
        ["GET /api/supplies/depots"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/supplies/depots"] = "A 4 4 4 F F F 4 F",
        ["GET /api/supplies/stock"] = "A 2 2 2 2 2 2 2 F",
        ["GET /api/supplies/stock/export.xlsx"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/supplies/stock/import"] = "A 4 4 4 F F F 4 4",
        ["GET /api/supplies/movements"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/supplies/movements"] = "A 4 4 4 F F F 4 4",
        ["GET /api/zones"] = "A 2 2 2 2 2 2 2 F",
        ["POST /api/zones"] = "A 4 4 4 F F F F F",
        ["GET /api/zones/{id}"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/zones/{id}/extend"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/zones/{id}/lift"] = "A 4 4 4 4 4 4 4 4",
        ["POST /api/zones/{id}/publish"] = "A 4 4 4 4 4 4 4 4",
        ["PUT /api/zones/{id}/point"] = "A 4 4 4 4 4 4 4 4",
        ["DELETE /api/zones/{id}/point"] = "A 4 4 4 4 4 4 4 4",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex PathParameter();
}

public sealed class SqliteAuthorizationMatrixTests() : AuthorizationMatrixTests<SqliteFactory>(new());

public sealed class PostgresAuthorizationMatrixTests() : AuthorizationMatrixTests<PostgresFactory>(new());
