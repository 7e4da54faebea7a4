using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Response;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Transfers;

/// <summary>
/// A transfer request: the sending and receiving hospitals (ids of the hospital register), the patient's record number at the
/// sending hospital, the reason, and each question of 001 §6 answered yes or no.
/// </summary>
public sealed record NewTransfer(int? From, int? To, string? PatientRecord, string? Reason,
    bool? UnexplainedFever, bool? EpidemiologicalHistoryUnreleased, bool? UnexplainedLungImaging, bool? UnexplainedLowWhiteCells,
    bool? NucleicAcidTested, bool? CtScanned, bool? HospitalApproved, bool? Escorted, bool? ConfirmedOrSuspected, bool? OriginAuthoritiesApproved);

/// <summary>
/// Patient transfers between hospitals checked against the prohibitions of 001 §6 (<see cref="TransferBans"/>): a transfer that
/// breaks one is refused, naming each prohibition broken and the clause, and nothing is stored; one that breaks none is recorded.
/// </summary>
public sealed class TransferService(AppDbContext db, TimeProvider clock)
{
    private const int MaxRecord = 50;

    /// <summary>The health commission (headquarters) and the hospitals' and CDC's staff (investigators) request transfers.</summary>
    public static bool MayRequest(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator);

    public async Task<Outcome<PatientTransfer>> RequestAsync(NewTransfer request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayRequest(user)) return Problem.Forbidden("transfer-not-allowed", Messages.TransferNotAllowed);
        var errors = new FieldErrors();
        var record = errors.Text("patientRecord", request.PatientRecord, MaxRecord, Messages.Required(new("病历号", "the patient's record number")));
        var reason = errors.Text("reason", request.Reason, Limits.NoteCharacters, Messages.Required(new("转院理由", "the reason")), multiline: true);
        bool Answer(string path, bool? value)
        {
            if (value is null) errors.Add(path, Messages.TransferAnswerRequired);
            return value ?? false;
        }
        var facts = new TransferFacts(
            Answer("unexplainedFever", request.UnexplainedFever), Answer("epidemiologicalHistoryUnreleased", request.EpidemiologicalHistoryUnreleased),
            Answer("unexplainedLungImaging", request.UnexplainedLungImaging), Answer("unexplainedLowWhiteCells", request.UnexplainedLowWhiteCells),
            Answer("nucleicAcidTested", request.NucleicAcidTested), Answer("ctScanned", request.CtScanned), Answer("hospitalApproved", request.HospitalApproved),
            Answer("escorted", request.Escorted), Answer("confirmedOrSuspected", request.ConfirmedOrSuspected), Answer("originAuthoritiesApproved", request.OriginAuthoritiesApproved));
        if (request.From is null) errors.Add("from", Messages.Required(new("转出医院", "the sending hospital")));
        if (request.To is null) errors.Add("to", Messages.Required(new("转入医院", "the receiving hospital")));
        else if (request.To == request.From) errors.Add("to", Messages.TransferSameHospital);
        if (errors.Problem is { } invalid) return invalid;

        // The sending hospital is the jurisdiction's; the receiving one may be anywhere (that is what §6 guards against).
        var from = await jurisdiction.Scope(db.Hospitals.AsNoTracking()).FirstOrDefaultAsync(h => h.Id == request.From, ct);
        if (from is null) return Problem.NotFound("no-such-hospital", Messages.NoSuchHospital(request.From!.Value));
        var to = await db.Hospitals.AsNoTracking().FirstOrDefaultAsync(h => h.Id == request.To, ct);
        if (to is null) return Problem.Invalid("to", Messages.NoSuchHospital(request.To!.Value));

        // 001 §6: refused with every prohibition it breaks, in the plan's words.
        if (TransferBans.Broken(facts) is { Count: > 0 } broken) return Problem.Rule("transfer-banned", Messages.TransferBanned([.. broken.Select(b => (b.Text, b.En))]));

        var now = clock.GetUtcNow();
        var transfer = new PatientTransfer
        {
            FromHospitalId = from.Id, ToHospitalId = to.Id, RegionCode = from.RegionCode, RegionPath = from.RegionPath, PatientRecord = record!, Reason = reason!,
            ConfirmedOrSuspected = facts.ConfirmedOrSuspected, OriginAuthoritiesApproved = facts.OriginAuthoritiesApproved, RequestedBy = user.UserName(), RequestedAt = now,
        };
        db.PatientTransfers.Add(transfer);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
            [new AuditRecord("transfer.checked", "transfer", transfer.Id.ToString(CultureInfo.InvariantCulture), new { from = from.Name, to = to.Name, facts }, transfer.RegionPath)], ct);
        return transfer;
    }
}
