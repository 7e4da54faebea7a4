using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

/// <summary>Settings (places where clusters form), food/environment detections (B4) and expert judgments (C5): the other facts the engine reads.</summary>
public sealed class FactService(AppDbContext db, FactsCache facts, TimeProvider clock, Map.MapPlacement placement)
{
    private const int MaxText = Limits.LineCharacters;

    /// <summary>Setting types of 001 §1.5.1.1 and 004 §九(一)6.</summary>
    public static readonly string[] SettingTypes = ["family", "school", "compound", "workshop", "village", "medicalInstitution", "unit", "office", "store", "other"];

    public static DetectionDto ToDto(Detection d) => new(d.Id, EnumNames.Of(d.Kind), d.RegionCode, d.DetectedAt, d.Sample, d.RecordedBy);

    public static JudgmentDto ToDto(ExpertJudgment j) => new(j.Id, EnumNames.Of(j.Kind), j.RegionCode, j.From, j.Value, j.Reason, j.RecordedBy, j.RecordedAt);

    /// <summary>What a judgment's value may be: a grade for otherCircumstance, a risk level for riskOverride, else true; "false" withdraws any.</summary>
    public static bool ValueFits(JudgmentKind kind, string value) => value == "false" || kind switch
    {
        JudgmentKind.OtherCircumstance => Grades.ByName.ContainsKey(value),
        JudgmentKind.RiskOverride => Grades.RiskByName.ContainsKey(value),
        _ => value == "true",
    };

    public async Task<Outcome<SettingDto>> AddSettingAsync(NewSetting request, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var id = request.Id?.Trim();
        if (string.IsNullOrEmpty(id) || !CaseRules.RecordId().IsMatch(id)) errors.Add("id", Messages.RecordIdRequired);
        var name = errors.Text("name", request.Name, MaxText, Messages.SettingNameRequired);
        if (!SettingTypes.Contains(request.Type)) errors.Add("type", Messages.OneOf(request.Type ?? "", string.Join(", ", SettingTypes)));
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (errors.Problem is { } invalid) return invalid;
        // Taken anywhere, in the jurisdiction or not: the same 409 (issue 13, defect 7).
        if (await db.Settings.AnyAsync(s => s.Id == id, ct)) return CaseService.IdNotAvailable(id!);
        var setting = new Setting { Id = id!, Name = name!, Type = request.Type!, RegionCode = region.Value!.Code, RegionPath = region.Value.Path };
        db.Settings.Add(setting);
        if (await SaveNewAsync(() => db.Settings.AnyAsync(s => s.Id == id, CancellationToken.None), ct) is not null) return CaseService.IdNotAvailable(id!);
        facts.Invalidate();
        return new SettingDto(setting.Id, setting.Name, setting.Type, setting.RegionCode);
    }

    /// <summary>Places the setting on the county map inside its county's boundary (issue 14); null removes the point. Audited.</summary>
    public async Task<Outcome<SettingDto>> PlaceSettingAsync(string id, Map.MapPointInput? point, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (setting is null || !jurisdiction.Covers(setting)) return Problem.NotFound("no-such-setting", Messages.NoSuchSetting(id));
        if (point is not null && await placement.CheckAsync(setting.RegionPath, point, ct) is { } outside) return outside;
        var from = new { setting.Longitude, setting.Latitude };
        (setting.Longitude, setting.Latitude) = (point?.Longitude, point?.Latitude);
        await Data.Response.AuditLog.SaveChangesAsync(db, user, clock.GetUtcNow(), () =>
            [new(point is null ? "setting.unplaced" : "setting.placed", "setting", setting.Id, new { from, to = new { setting.Longitude, setting.Latitude } }, setting.RegionPath)], ct);
        return new SettingDto(setting.Id, setting.Name, setting.Type, setting.RegionCode, setting.Longitude, setting.Latitude);
    }

    public async Task<Outcome<Detection>> AddDetectionAsync(NewDetection request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var id = request.Id?.Trim();
        if (string.IsNullOrEmpty(id) || !CaseRules.RecordId().IsMatch(id)) errors.Add("id", Messages.RecordIdRequired);
        if (!EnumNames.TryParse<DetectionKind>(request.Kind, out var kind)) errors.Add("kind", Messages.OneOf(request.Kind ?? "", EnumNames.List<DetectionKind>()));
        if (request.DetectedAt is not { } at) errors.Add("detectedAt", Messages.DetectedAtRequired);
        else if (at > now.AddMinutes(5)) errors.Add("detectedAt", Messages.InFuture);
        var sample = errors.Text("sample", request.Sample, MaxText, Messages.SampleRequired);
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (errors.Problem is { } invalid) return invalid;
        if (await db.Detections.AnyAsync(d => d.Id == id, ct)) return CaseService.IdNotAvailable(id!);
        var detection = new Detection
        {
            Id = id!, Kind = kind, RegionCode = region.Value!.Code, RegionPath = region.Value.Path, DetectedAt = request.DetectedAt!.Value.ToUniversalTime(),
            Sample = sample!, RecordedBy = user,
        };
        db.Detections.Add(detection);
        if (await SaveNewAsync(() => db.Detections.AnyAsync(d => d.Id == id, CancellationToken.None), ct) is not null) return CaseService.IdNotAvailable(id!);
        facts.Invalidate();
        return detection;
    }

    /// <summary>
    /// C5: judgments are inputs of their own, recorded by an expert with who and when; the value's type depends on the
    /// kind. A judgment moves grades and so decisions: it is saved with its entry in the audit trail (J2).
    /// </summary>
    public async Task<Outcome<ExpertJudgment>> AddJudgmentAsync(NewJudgment request, Jurisdiction jurisdiction, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Expert) && !user.IsInRole(Roles.Admin)) return Problem.Forbidden("experts-only", Messages.ExpertsOnly);
        var errors = new FieldErrors();
        if (!EnumNames.TryParse<JudgmentKind>(request.Kind, out var kind)) errors.Add("kind", Messages.OneOf(request.Kind ?? "", EnumNames.List<JudgmentKind>()));
        if (request.From is null) errors.Add("from", Messages.JudgmentFromRequired);
        else errors.NotFarAhead("from", new DateTimeOffset(request.From.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), clock.GetUtcNow());
        var value = request.Value?.Trim() ?? "";
        if (!errors.Has("kind") && !ValueFits(kind, value)) errors.Add("value", Messages.JudgmentValue(kind));
        var reason = errors.Text("reason", request.Reason, Limits.NoteCharacters, Messages.JudgmentReasonRequired, multiline: true);
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (errors.Problem is { } invalid) return invalid;
        var judgment = new ExpertJudgment
        {
            Kind = kind, RegionCode = region.Value!.Code, RegionPath = region.Value.Path, From = request.From!.Value, Value = value, Reason = reason!,
            RecordedBy = user.UserName(), RecordedAt = clock.GetUtcNow(),
        };
        db.Judgments.Add(judgment);
        await Data.Response.AuditLog.SaveChangesAsync(db, judgment.RecordedBy, judgment.RecordedAt, () =>
            [new Data.Response.AuditRecord("judgment.recorded", "judgment", judgment.Id.ToString(CultureInfo.InvariantCulture),
                new { kind = EnumNames.Of(judgment.Kind), region = judgment.RegionCode, from = judgment.From, judgment.Value, judgment.Reason }, judgment.RegionPath)], ct);
        facts.Invalidate();
        return judgment;
    }

    /// <summary>Saves a new record; when its id was taken by another request in the meantime, answers "taken" instead of failing.</summary>
    private async Task<string?> SaveNewAsync(Func<Task<bool>> taken, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await taken()) return "taken";
            throw;
        }
    }
}
