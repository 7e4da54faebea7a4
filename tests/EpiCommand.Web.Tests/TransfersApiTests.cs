using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Readiness;
using EpiCommand.Web.Transfers;

namespace EpiCommand.Web.Tests;

/// <summary>Patient transfers between hospitals checked against 001 §6, over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class TransfersApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static Dictionary<string, object?> Request(int from, int to, string record = "ZY2020-0001") => new()
    {
        ["from"] = from, ["to"] = to, ["patientRecord"] = record, ["reason"] = "需上级医院进一步诊治",
        ["unexplainedFever"] = false, ["epidemiologicalHistoryUnreleased"] = false, ["unexplainedLungImaging"] = false, ["unexplainedLowWhiteCells"] = false,
        ["nucleicAcidTested"] = true, ["ctScanned"] = true, ["hospitalApproved"] = true, ["escorted"] = true, ["confirmedOrSuspected"] = false, ["originAuthoritiesApproved"] = false,
    };

    private async Task<(int Own, int Other)> HospitalsAsync()
    {
        var own = (await (await factory.SignedInAsync("horqin")).GetListAsync<HospitalDto>("/api/readiness/hospitals"))!;
        var all = (await (await factory.SignedInAsync("city")).GetListAsync<HospitalDto>("/api/readiness/hospitals"))!;
        return (own[0].Id, all.First(h => own.All(o => o.Id != h.Id)).Id);
    }

    [Fact]
    public async Task ATransferBreakingAProhibitionIsRefusedWithTheClauseAndNothingIsRecorded()
    {
        var (own, other) = await HospitalsAsync();
        var horqin = await factory.SignedInAsync("horqin-cdc");
        var request = Request(own, other, "ZY-BAN-1");
        request["unexplainedFever"] = true;
        request["ctScanned"] = false;
        var refused = await horqin.PostAsJsonAsync("/api/transfers", request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("urn:epicommand:problem:transfer-banned", problem.RootElement.GetProperty("type").GetString());
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("001 §6", detail, StringComparison.Ordinal);
        Assert.Contains("不准有不明原因发热等可疑症状的患者转院和出院", detail, StringComparison.Ordinal);
        Assert.Contains("不准未经核酸检测及CT检查的患者转院", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("不准有流行病学史", detail, StringComparison.Ordinal);

        // A confirmed or suspected patient needs the sending area's consent.
        request = Request(own, other, "ZY-BAN-2");
        request["confirmedOrSuspected"] = true;
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.PostAsJsonAsync("/api/transfers", request)).StatusCode);
        Assert.DoesNotContain((await horqin.GetListAsync<TransferDto>("/api/transfers"))!, t => t.PatientRecord.StartsWith("ZY-BAN", StringComparison.Ordinal));

        request["originAuthoritiesApproved"] = true;
        var created = await horqin.PostAsJsonAsync("/api/transfers", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var transfer = (await created.Content.ReadFromJsonAsync<TransferDto>())!;
        Assert.Equal((own, other, "horqin-cdc", true), (transfer.From, transfer.To, transfer.RequestedBy, transfer.ConfirmedOrSuspected));
        Assert.Contains((await horqin.GetListAsync<TransferDto>("/api/transfers"))!, t => t.Id == transfer.Id);
    }

    [Fact]
    public async Task EveryQuestionMustBeAnsweredAndTheSendingHospitalMustBeTheJurisdictions()
    {
        var (own, other) = await HospitalsAsync();
        var horqin = await factory.SignedInAsync("horqin");
        var empty = await horqin.PostAsJsonAsync("/api/transfers", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using (var problem = JsonDocument.Parse(await empty.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            foreach (var field in new[] { "from", "to", "patientRecord", "reason", "unexplainedFever", "ctScanned", "escorted", "originAuthoritiesApproved" })
            {
                Assert.True(errors.TryGetProperty(field, out _), field);
            }
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.PostAsJsonAsync("/api/transfers", Request(own, own))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync("/api/transfers", Request(other, own))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("expert")).PostAsJsonAsync("/api/transfers", Request(own, other))).StatusCode);
    }
}

public sealed class SqliteTransfersApiTests() : TransfersApiTests<SqliteFactory>(new());

public sealed class PostgresTransfersApiTests() : TransfersApiTests<PostgresFactory>(new());
