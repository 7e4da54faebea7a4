using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EpiCommand.Data.Identity;
using EpiCommand.Testing;
using EpiCommand.Web.Audit;
using EpiCommand.Web.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Sign-in fit for personal data (issue 18): TOTP two-factor sign-in with recovery codes, required by a setting for administrators
/// and those who may unmask; no reuse of the last five passwords; password expiry; the idle timeout. On SQLite and PostgreSQL.
/// </summary>
public abstract class AccountSecurityTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task AfterEnrolmentThePasswordAloneNoLongerSignsInAndEachRecoveryCodeWorksOnce()
    {
        var admin = await factory.SignedInAsync("admin");
        var (key, codes) = await TwoFactorSteps.EnrolAsync(admin);

        var client = NewClient(factory);
        var password = await EpiCommandFactory.SignInAsync(client, "admin", Data.Demo.DemoSeeder.DemoPassword);
        Assert.StartsWith("/account/two-factor?", password.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var wrong = await TwoFactorSteps.SecondStepAsync(client, Totp.Code(key, DateTimeOffset.UtcNow.AddMinutes(10)));
        Assert.Contains("error=invalid", wrong.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var right = await TwoFactorSteps.SecondStepAsync(client, Totp.Code(key));
        Assert.Equal("/", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        // Without the phone: a recovery code, once.
        var recovered = NewClient(factory);
        await EpiCommandFactory.SignInAsync(recovered, "admin", Data.Demo.DemoSeeder.DemoPassword);
        Assert.Equal("/", (await TwoFactorSteps.SecondStepAsync(recovered, codes[3].ToLowerInvariant())).Headers.Location?.OriginalString);
        var again = NewClient(factory);
        await EpiCommandFactory.SignInAsync(again, "admin", Data.Demo.DemoSeeder.DemoPassword);
        Assert.Contains("error=invalid", (await TwoFactorSteps.SecondStepAsync(again, codes[3])).Headers.Location?.OriginalString);
        var status = (await recovered.GetFromJsonAsync<TwoFactorStatus>("/api/account/two-factor"))!;
        Assert.Equal((true, false, TwoFactorService.RecoveryCodeCount - 1), (status.Enabled, status.Required, status.RecoveryCodesLeft));

        // Stored: neither the key nor a recovery code in clear.
        await using var db = factory.CreateDbContext();
        var tokens = string.Concat(await db.UserTokens.Select(t => t.Value).ToListAsync());
        Assert.DoesNotContain(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), tokens.ToUpperInvariant());
        Assert.All(codes, c => Assert.DoesNotContain(c, tokens));

        var audit = (await admin.GetListAsync<AuditEntryDto>("/api/audit?subjectType=user&subjectId=admin"))!;
        Assert.Equal(["user.two-factor-enabled", "user.recovery-code-used"], audit.OrderBy(e => e.Sequence).Select(e => e.Action));
    }

    [Fact]
    public async Task WrongCodesAreCountedLikeWrongPasswords()
    {
        var admin = await factory.SignedInAsync("admin");
        var (key, _) = await TwoFactorSteps.EnrolAsync(admin);
        using var strict = factory.WithWebHostBuilder(b => b.UseSetting("SignIn:FailuresPerAccountAndAddress", "3"));
        var client = strict.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await EpiCommandFactory.SignInAsync(client, "admin", Data.Demo.DemoSeeder.DemoPassword);
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("error=invalid", (await TwoFactorSteps.SecondStepAsync(client, i % 2 == 0 ? "000000" : "not-a-recovery-code")).Headers.Location?.OriginalString);
        }
        Assert.Contains("error=throttled", (await TwoFactorSteps.SecondStepAsync(client, Totp.Code(key))).Headers.Location?.OriginalString);
        // The password step of the same account from the same address is throttled too: one count.
        Assert.Contains("error=throttled", (await EpiCommandFactory.SignInAsync(NewClient(strict), "admin", Data.Demo.DemoSeeder.DemoPassword)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task WhenRequiredAdministratorsAndUnmaskersEnrolBeforeAnythingElseAndCannotSwitchItOff()
    {
        using var production = factory.WithWebHostBuilder(b => b.UseSetting("Accounts:RequireTwoFactor", "true"));
        var admin = NewClient(production);
        Assert.Equal("/", (await EpiCommandFactory.SignInAsync(admin, "admin", Data.Demo.DemoSeeder.DemoPassword)).Headers.Location?.OriginalString);
        var refused = await admin.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("urn:epicommand:problem:two-factor-setup-required", await refused.Content.ReadAsStringAsync());
        using (var page = new HttpRequestMessage(HttpMethod.Get, "/cases"))
        {
            page.Headers.Accept.ParseAdd("text/html");
            Assert.StartsWith("/account/two-factor-setup?", (await admin.SendAsync(page)).Headers.Location?.OriginalString);
        }
        var (key, _) = await TwoFactorSteps.EnrolAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/cases")).StatusCode);
        var off = await admin.DeleteAsync("/api/account/two-factor");
        Assert.Equal(HttpStatusCode.BadRequest, off.StatusCode);
        Assert.Contains("urn:epicommand:problem:two-factor-required", await off.Content.ReadAsStringAsync());

        // An investigator may unmask: required too. A headquarters user or an expert may not: password sign-in as before.
        var investigator = NewClient(production);
        await EpiCommandFactory.SignInAsync(investigator, "cdc", Data.Demo.DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.GetAsync("/api/cases")).StatusCode);
        Assert.True((await investigator.GetFromJsonAsync<TwoFactorStatus>("/api/account/two-factor"))!.Required);
        foreach (var name in new[] { "city", "expert" })
        {
            var other = NewClient(production);
            await EpiCommandFactory.SignInAsync(other, name, Data.Demo.DemoSeeder.DemoPassword);
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/cases")).StatusCode);
        }

        // The enrolled administrator's next sign-in asks for the code.
        var next = NewClient(production);
        Assert.StartsWith("/account/two-factor?", (await EpiCommandFactory.SignInAsync(next, "admin", Data.Demo.DemoSeeder.DemoPassword)).Headers.Location?.OriginalString);
        Assert.Equal("/", (await TwoFactorSteps.SecondStepAsync(next, Totp.Code(key))).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnAdministratorsPasswordResetRemovesTheAuthenticatorOfAUserWhoLostTheirPhone()
    {
        var expert = await factory.SignedInAsync("expert");
        await TwoFactorSteps.EnrolAsync(expert);
        var admin = await factory.SignedInAsync("admin");
        var issued = (await (await admin.PostAsync("/api/users/expert/reset-password", null)).Content.ReadFromJsonAsync<IssuedPassword>())!;
        Assert.False(issued.User.TwoFactor);
        var client = NewClient(factory);
        Assert.StartsWith("/account/change-password", (await EpiCommandFactory.SignInAsync(client, "expert", issued.OneTimePassword)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ANewPasswordMayNotBeOneOfTheLastFive()
    {
        var client = await factory.SignedInAsync("horqin");
        var passwords = new List<string> { Data.Demo.DemoSeeder.DemoPassword };
        for (var i = 1; i <= 5; i++)
        {
            if (i == 3)
            {
                // The current one and those before it are refused, with the reason, while they are among the last five.
                foreach (var old in passwords)
                {
                    var reused = await ChangeAsync(client, passwords[^1], old);
                    Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
                    Assert.Contains("\"newPassword\"", await reused.Content.ReadAsStringAsync());
                }
                var text = await (await ChangeAsync(client, passwords[^1], passwords[0])).Content.ReadAsStringAsync();
                Assert.Matches("最近 5 次|last 5", text);
            }
            var next = $"Horqin#2026-{i}x";
            Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(client, passwords[^1], next)).StatusCode);
            passwords.Add(next);
        }
        // Five changes later the first is no longer among the last five.
        Assert.Equal(HttpStatusCode.BadRequest, (await ChangeAsync(client, passwords[^1], passwords[2])).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(client, passwords[^1], passwords[0])).StatusCode);
    }

    [Fact]
    public async Task AnExpiredPasswordMustBeChangedBeforeAnythingElse()
    {
        await using (var db = factory.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "office");
            user.PasswordChangedAt = EpiCommandFactory.SeededAt.AddDays(-91);
            await db.SaveChangesAsync();
        }
        using var expiring = factory.WithWebHostBuilder(b => b.UseSetting("Accounts:PasswordMaxAge", "90.00:00:00"));
        var fresh = NewClient(expiring);
        Assert.Equal("/", (await EpiCommandFactory.SignInAsync(fresh, "city", Data.Demo.DemoSeeder.DemoPassword)).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/cases")).StatusCode);

        var client = NewClient(expiring);
        await EpiCommandFactory.SignInAsync(client, "office", Data.Demo.DemoSeeder.DemoPassword);
        var refused = await client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("password-change-required", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(client, Data.Demo.DemoSeeder.DemoPassword, "Office#2026-new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cases")).StatusCode);
    }

    [Fact]
    public async Task ASessionEndsAfterTheIdleTimeoutAndSlidesWhileUsed()
    {
        using var strict = factory.WithWebHostBuilder(b => b.UseSetting("Accounts:IdleTimeout", "00:30:00"));
        var client = NewClient(strict);
        await EpiCommandFactory.SignInAsync(client, "city", Data.Demo.DemoSeeder.DemoPassword);
        for (var i = 0; i < 3; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        }
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    private static HttpClient NewClient(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next) =>
        client.PostAsJsonAsync("/api/account/password", new { currentPassword = current, newPassword = next });

}

/// <summary>The steps of two-factor sign-in as a client takes them (also used by the production-path test).</summary>
public static partial class TwoFactorSteps
{
    /// <summary>Enrols the signed-in user's authenticator through the API with a code computed like an app would; the key and the recovery codes.</summary>
    public static async Task<(string Key, IReadOnlyList<string> Codes)> EnrolAsync(HttpClient client)
    {
        var key = (await (await client.PostAsync("/api/account/two-factor/key", null)).Content.ReadFromJsonAsync<AuthenticatorKey>())!;
        Assert.StartsWith("otpauth://totp/EpiCommand%3A", key.Uri);
        var wrong = await client.PostAsJsonAsync("/api/account/two-factor", new { code = "123456" == Totp.Code(key.SharedKey) ? "654321" : "123456" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var enabled = await client.PostAsJsonAsync("/api/account/two-factor", new { code = Totp.Code(key.SharedKey) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = (await enabled.Content.ReadFromJsonAsync<RecoveryCodes>())!.Codes;
        Assert.Equal(TwoFactorService.RecoveryCodeCount, codes.Distinct().Count());
        return (key.SharedKey, codes);
    }

    /// <summary>The second sign-in step's form, as the browser posts it.</summary>
    public static async Task<HttpResponseMessage> SecondStepAsync(HttpClient client, string code)
    {
        var form = await client.GetStringAsync("/account/two-factor?returnUrl=%2F");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        return await client.PostAsync("/account/two-factor", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Code"] = code,
            ["ReturnUrl"] = "/",
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}

public sealed class SqliteAccountSecurityTests() : AccountSecurityTests<SqliteFactory>(new());

public sealed class PostgresAccountSecurityTests() : AccountSecurityTests<PostgresFactory>(new());
