using System.Diagnostics;

namespace EpiCommand.Web.Tests;

/// <summary>Converts a document with LibreOffice, as a person opening the download would (test.sh installs libreoffice-writer).</summary>
internal static class OfficeConversion
{
    public static async Task<byte[]> ToPdfAsync(byte[] docx, string name)
    {
        var soffice = new[] { "/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("LibreOffice is not installed (soffice not found): apt-get install libreoffice-writer");
        var folder = Directory.CreateTempSubdirectory("epicommand-office-");
        try
        {
            var input = Path.Combine(folder.FullName, name + ".docx");
            await File.WriteAllBytesAsync(input, docx);
            // A profile of its own, so that conversions running at the same time do not wait on one another's lock.
            var start = new ProcessStartInfo(soffice)
            {
                ArgumentList = { $"-env:UserInstallation=file://{folder.FullName}/profile", "--headless", "--convert-to", "pdf", "--outdir", folder.FullName, input },
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var pdf = Path.Combine(folder.FullName, name + ".pdf");
            Assert.True(File.Exists(pdf), $"LibreOffice wrote no PDF (exit {process.ExitCode}): {await output} {await errors}");
            return await File.ReadAllBytesAsync(pdf);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
