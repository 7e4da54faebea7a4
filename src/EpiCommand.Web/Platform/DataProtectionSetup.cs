using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace EpiCommand.Web.Platform;

/// <summary>
/// The data-protection keys that sign sign-in cookies and antiforgery tokens (issue 13, defect 9: stored unencrypted in
/// <c>data/keys</c>). They outlive a restart in <c>DataProtection:KeysFolder</c>; in Production they are encrypted at rest with
/// a certificate (<c>DataProtection:Certificate:Path</c>, a PKCS #12 file, and <c>DataProtection:Certificate:Password</c>), so
/// a copy of the folder — a backup, a misconfigured share — signs no cookie. The web start in Production refuses to start
/// without one unless <c>DataProtection:Unprotected</c> is explicitly true (<see cref="ProductionSetup.RequireProductionSettings"/>,
/// docs/deployment.md).
/// </summary>
public static class DataProtectionSetup
{
    public const string CertificatePath = "DataProtection:Certificate:Path";
    public const string CertificatePassword = "DataProtection:Certificate:Password";
    public const string Unprotected = "DataProtection:Unprotected";

    public static WebApplicationBuilder AddDataProtectionKeys(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var keys = configuration["DataProtection:KeysFolder"] ?? "data/keys";
        var protection = builder.Services.AddDataProtection().SetApplicationName("EpiCommand").PersistKeysToFileSystem(new DirectoryInfo(keys));
        var path = configuration[CertificatePath];
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!File.Exists(path)) throw new InvalidOperationException($"EpiCommand cannot start: {CertificatePath} names '{path}', which does not exist.");
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePassword], X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new InvalidOperationException($"EpiCommand cannot start: the certificate {path} could not be read ({e.Message}); check {CertificatePassword}.", e);
            }
            if (!certificate.HasPrivateKey) throw new InvalidOperationException($"EpiCommand cannot start: the certificate {path} holds no private key, so keys it encrypts could not be read back.");
            // New keys are encrypted with it; keys it encrypted are read back with it (not only from the machine's certificate store).
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return builder;
    }
}
