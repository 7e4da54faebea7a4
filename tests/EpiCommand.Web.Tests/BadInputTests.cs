using System.Net;
using System.Text;
using System.Text.Json;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Bad input on every write operation (issue 13, standing checks), generated from the OpenAPI document so that a new endpoint
/// is covered without a line here: for each POST, PUT, PATCH and DELETE with a JSON body — a malformed body, and each
/// property of its schema given a value of the wrong type — the answer is a 400 problem whose <c>errors</c> name the field
/// (the property's JSON path; <c>$</c> for a body that is not JSON); a body without any field, sent where the operation
/// names no record in its path, is a 400 naming at least one field; an upload without its file is a 400 naming
/// <c>file</c>. Never a 5xx. Run in Development (how the README starts the app) and in the environment the other tests use
/// on SQLite, and in Development and Production on PostgreSQL (Production refuses to start on anything else).
/// </summary>
public abstract partial class BadInputTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task EveryWriteOperationRefusesBadInputWithA400NamingTheField()
    {
        // The administrator may call almost every operation; where a role is required that the administrator lacks, the city
        // headquarters asks (authorization comes before the body is read, and is AuthorizationMatrixTests' subject).
        var admin = await factory.SignedInAsync("admin");
        var city = await factory.SignedInAsync("city");
        using var document = JsonDocument.Parse(await admin.GetStringAsync("/openapi/v1.json"));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var failures = new List<string>();
        var tried = 0;
        var operations = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is not ("post" or "put" or "patch" or "delete") || !method.Value.TryGetProperty("requestBody", out var body)) continue;
                operations++;
                var url = PathParameter().Replace(path.Name, "987654321");
                var names = path.Name.Contains('{', StringComparison.Ordinal);
                var content = body.GetProperty("content");
                var key = $"{method.Name.ToUpperInvariant()} {path.Name}";

                async Task Expect(string what, Func<HttpContent> make, string? field)
                {
                    tried++;
                    var client = admin;
                    var response = await Send(client, method.Name, url, make());
                    if (response.StatusCode == HttpStatusCode.Forbidden) response = await Send(client = city, method.Name, url, make());
                    var status = (int)response.StatusCode;
                    var text = await response.Content.ReadAsStringAsync();
                    if (status != 400)
                    {
                        failures.Add($"{key} {what}: {status} {Truncate(text)}");
                        return;
                    }
                    using var problem = JsonDocument.Parse(text);
                    if (!problem.RootElement.TryGetProperty("errors", out var errors) || !errors.EnumerateObject().Any())
                    {
                        failures.Add($"{key} {what}: 400 without a field path {Truncate(text)}");
                    }
                    else if (field is not null && !errors.TryGetProperty(field, out _))
                    {
                        failures.Add($"{key} {what}: 400 naming {string.Join(", ", errors.EnumerateObject().Select(e => e.Name))}, not {field}");
                    }
                }

                if (content.TryGetProperty("application/json", out var json))
                {
                    await Expect("malformed JSON", () => Json("{"), "$");
                    await Expect("an array for the body", () => Json("[1]"), "$");
                    var properties = Properties(json.GetProperty("schema"), schemas);
                    foreach (var (name, type) in properties.Where(p => p.Type != "any"))
                    {
                        await Expect($"{name} of the wrong type", () => Json($"{{\"{name}\":{WrongValue(type)}}}"), name);
                    }
                    if (!names && properties.Count > 0) await Expect("an empty object", () => Json("{}"), null);
                }
                else if (content.EnumerateObject().Any(c => c.Name.StartsWith("multipart/", StringComparison.Ordinal)))
                {
                    await Expect("an upload without its file", () => new MultipartFormDataContent { { new StringContent("x"), "other" } }, names ? null : "file");
                }
            }
        }
        File.WriteAllText(Path.Combine(Path.GetTempPath(), $"epicommand-bad-inputs-{factory.HostEnvironment}.txt"), $"{operations} operations, {tried} bad inputs, {failures.Count} failures\n");
        // The document describes the bodies (a schema with properties), else nothing above would have been tried.
        Assert.True(operations >= 35 && tried > 3 * operations, $"{operations} write operations with a body, {tried} bad inputs");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} bad inputs over {operations} operations ({factory.HostEnvironment}):\n{string.Join("\n", failures)}");
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string url, HttpContent content) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = content });

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>The body's properties and their JSON types (OpenAPI 3.1 writes a nullable type as ["null", "string"]).</summary>
    private static List<(string Name, string Type)> Properties(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("$ref", out var reference)) schema = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        if (!schema.TryGetProperty("properties", out var properties)) return [];
        return [.. properties.EnumerateObject().Select(p => (p.Name, TypeOf(p.Value, schemas)))];
    }

    private static string TypeOf(JsonElement property, JsonElement schemas)
    {
        if (property.TryGetProperty("$ref", out var reference)) return TypeOf(schemas.GetProperty(reference.GetString()!.Split('/')[^1]), schemas);
        var format = property.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (!property.TryGetProperty("type", out var type))
        {
            // oneOf/anyOf of a type and null, as some versions write nullable references.
            foreach (var combined in new[] { "oneOf", "anyOf" })
            {
                if (property.TryGetProperty(combined, out var options))
                {
                    foreach (var option in options.EnumerateArray())
                    {
                        var t = TypeOf(option, schemas);
                        if (t != "null") return t;
                    }
                }
            }
            return "any";
        }
        var name = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).First(t => t != "null") : type.GetString()!;
        return name == "string" && format is "date-time" or "date" ? "date" : name;
    }

    /// <summary>A value the property's type cannot hold.</summary>
    private static string WrongValue(string type) => type switch
    {
        "string" => "{\"nested\":1}",
        "date" => "\"not a time\"",
        "integer" or "number" => "\"many\"",
        "boolean" => "\"perhaps\"",
        "array" => "42",
        _ => "42",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex PathParameter();
}

public sealed class SqliteBadInputTests() : BadInputTests<SqliteFactory>(new());

public sealed class SqliteDevelopmentBadInputTests() : BadInputTests<SqliteFactory>(new() { HostEnvironment = "Development" });

public sealed class PostgresDevelopmentBadInputTests() : BadInputTests<PostgresFactory>(new() { HostEnvironment = "Development" });

public sealed class PostgresProductionBadInputTests() : BadInputTests<PostgresFactory>(new() { HostEnvironment = "Production" });
