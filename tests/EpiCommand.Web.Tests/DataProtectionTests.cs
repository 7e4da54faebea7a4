using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The data-protection keys (they sign sign-in cookies and antiforgery tokens) are encrypted at rest with a certificate in
/// Production, and Production refuses to start without one unless told to keep them unencrypted (issue 13, defect 9).
/// </summary>
public sealed class DataProtectionTests : IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("epicommand-dp-").FullName;

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    private static WebApplicationBuilder Production(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private Dictionary<string, string?> Settings(bool certificate) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = "Host=localhost;Database=epicommand",
        ["DataProtection:KeysFolder"] = _keys,
        ["Plans:CityPlan"] = "tongliao-2020",
        [DataProtectionSetup.CertificatePath] = certificate ? EpiCommandFactory.TestCertificate.Value.Path : null,
        [DataProtectionSetup.CertificatePassword] = certificate ? EpiCommandFactory.TestCertificate.Password : null,
    };

    [Fact]
    public void ProductionRefusesToStartWithoutACertificateUnlessToldToKeepTheKeysUnencrypted()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Production(Settings(certificate: false)).RequireProductionSettings());
        Assert.Contains("DataProtection:Certificate:Path", refused.Message, StringComparison.Ordinal);
        Assert.Contains("DataProtection__Certificate__Path", refused.Message, StringComparison.Ordinal);

        var unprotected = Settings(certificate: false);
        unprotected[DataProtectionSetup.Unprotected] = "true";
        Production(unprotected).RequireProductionSettings();
        Production(Settings(certificate: true)).RequireProductionSettings();
    }

    [Fact]
    public void ACertificateThatDoesNotExistOrWithTheWrongPasswordIsNamedAtStart()
    {
        var missing = Settings(certificate: true);
        missing[DataProtectionSetup.CertificatePath] = Path.Combine(_keys, "nowhere.pfx");
        Assert.Contains("nowhere.pfx", Assert.Throws<InvalidOperationException>(() => Production(missing).AddDataProtectionKeys()).Message, StringComparison.Ordinal);
        var wrong = Settings(certificate: true);
        wrong[DataProtectionSetup.CertificatePassword] = "wrong";
        Assert.Contains(DataProtectionSetup.CertificatePassword, Assert.Throws<InvalidOperationException>(() => Production(wrong).AddDataProtectionKeys()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysAreWrittenEncryptedWithTheCertificateAndReadBackOnlyWithIt()
    {
        string protectedPayload;
        using (var platform = Platform(certificate: true))
        {
            protectedPayload = platform.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("登录凭据");
        }
        var key = Assert.Single(Directory.GetFiles(_keys, "key-*.xml"));
        var xml = File.ReadAllText(key);
        Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);

        // A restart with the certificate reads the key back; a copy of the folder without it signs and reads nothing.
        using (var restarted = Platform(certificate: true))
        {
            Assert.Equal("登录凭据", restarted.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedPayload));
        }
        using var stolen = Platform(certificate: false);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => stolen.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedPayload));
    }

    private ServiceProvider Platform(bool certificate)
    {
        var builder = Production(Settings(certificate));
        builder.Services.AddLogging();
        builder.AddDataProtectionKeys();
        return builder.Services.BuildServiceProvider();
    }
}
