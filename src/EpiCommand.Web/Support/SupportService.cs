using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Support;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Places;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Readiness;
using EpiCommand.Web.Supplies;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EpiCommand.Web.Support;

/// <summary>
/// Emergency support (seed 000; requirements H1–H3): a county asks the city (000 §三(六)1); the request goes to the working group the
/// plan's support routes name for its kind (000 §三(一)–(五)), which accepts, partly accepts or declines it; what the city cannot
/// cover is passed to the region (000 §三(一)3, §三(四)4). Accepted materials are issued from depots through the stock ledger and
/// received by the county into its depot; every state change is one conditional update (of two people at once, one does), and
/// every change is audited.
/// </summary>
public sealed partial class SupportService(AppDbContext db, StockService stock, ReadinessService readiness, FactsCache facts, PlanCatalog plans,
    IOptions<PlansOptions> options, TimeProvider clock, Notifier notifier, IOptions<SupportAllocator.TransportOptions> transportOptions)
{
    /// <summary>Who the audit trail names for what the platform does by itself (the overdue watcher).</summary>
    public const string SystemActor = "system";

    public static readonly Keyset<SupportRequest> Newest = Keyset<SupportRequest>.By(r => r.RequestedAt, r => r.Id, descending: true);

    public static readonly ListShape<SupportRequest, SupportState> Shape = new(r => r.State, r => r.RequestedAt, r => r.Destination, r => r.RequestedBy);

    /// <summary>Unmet demand costs this much per unit, times the request's priority (docs/support.md "Allocation").</summary>
    public const long UnmetPenalty = 1000;

    /// <summary>The plan's support mechanism: the city plan's (docs/plans.md `support`).</summary>
    public SupportRules? Rules => plans.Find(options.Value.CityPlan)?.Support;

    /// <summary>Asking: the headquarters and administrators.</summary>
    public static bool MayAsk(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Admin);

    /// <summary>Answering, dispatching, allocating, escalating: the headquarters (or an administrator) at the city level or above.</summary>
    public async Task<bool> MayAnswerAsync(ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        MayAsk(user) && await db.Regions.AsNoTracking().Where(r => r.Code == jurisdiction.RegionCode).Select(r => r.Level).FirstOrDefaultAsync(ct) is RegionLevel.City or RegionLevel.Province;

    // ---- lists ----

    public async Task<Page<SupportDto>> ListAsync(Jurisdiction jurisdiction, ListFilter<SupportState> filter, SupportKind? kind, string? group, PageRequest page, CancellationToken ct)
    {
        var query = Shape.Apply(db.SupportRequests.AsNoTracking(), jurisdiction, filter);
        if (kind is { } k) query = query.Where(r => r.Kind == k);
        if (!string.IsNullOrWhiteSpace(group)) query = query.Where(r => r.WorkingGroup == group.Trim());
        return await Newest.PageAsync(WithLines(query).Include(r => r.Teams).AsSplitQuery(), page, DtosAsync, ct);
    }

    public async Task<Outcome<SupportDto>> GetAsync(long id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var found = await FindAsync(id, jurisdiction, ct, throughOffer: true);
        if (found.Problem is { } refused) return refused;
        return (await DtosAsync([found.Value!], ct))[0];
    }

    /// <summary>
    /// The request, or 404 when there is none, 403 when it is another county's — unless, <paramref name="throughOffer"/> (reading
    /// only), the user's county offered mutual aid to it and the offer stands (waiting or approved): it sees the request its offer
    /// answers. A declined offer opens nothing.
    /// </summary>
    private async Task<Outcome<SupportRequest>> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct, bool throughOffer = false)
    {
        var request = await WithLines(db.SupportRequests.AsNoTracking()).Include(r => r.Teams).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return Problem.NotFound("support-not-found", Messages.NoSuchSupportRequest(id));
        var path = jurisdiction.Path;
        if (!jurisdiction.Covers(request) && !(throughOffer && await db.SupportOffers.AnyAsync(o => o.RequestId == id && o.RegionPath.StartsWith(path) && (o.State == SupportOfferState.Offered || o.State == SupportOfferState.Approved), ct)))
            return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(request.RegionCode));
        return request;
    }

    /// <summary>The lines with their items and what was dispatched of them as substitutes.</summary>
    private static IQueryable<SupportRequest> WithLines(IQueryable<SupportRequest> query) =>
        query.Include(r => r.Lines).ThenInclude(l => l.Item).Include(r => r.Lines).ThenInclude(l => l.Substitutions).ThenInclude(x => x.Item);

    // ---- asking (000 §三(六)1) ----

    public async Task<Outcome<SupportDto>> AskAsync(NewSupportRequest input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayAsk(user)) return Problem.Forbidden("support-not-allowed", Messages.SupportAskersOnly);
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var region = await jurisdiction.RegionAsync(db, input.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (region.Value is { Level: not RegionLevel.County }) errors.Add("region", Messages.SupportCountyOnly);
        SupportKind? kind = null;
        if (EnumNames.TryParse<SupportKind>(input.Kind?.Trim(), out var parsed)) kind = parsed;
        else errors.Add("kind", Messages.OneOf(input.Kind ?? "", EnumNames.List<SupportKind>()));
        var destination = errors.Text("destination", input.Destination, Limits.LineCharacters, Messages.Required(new("送达地点", "the destination")));
        var reason = errors.Text("reason", input.Reason, Limits.NoteCharacters, Messages.Required(new("申请理由", "the reason")), multiline: true);
        if (input.NeededBy is not { } neededBy) errors.Add("neededBy", Messages.Required(new("需要时间", "the time needed")));
        else if (neededBy < now.AddMinutes(-5)) errors.Add("neededBy", Messages.SupportNeededByPast);

        var lines = new List<SupportLine>();
        if (kind is { } k && SupportRules.IsMaterials(k))
        {
            if (input.Lines is not { Count: > 0 }) errors.Add("lines", Messages.SupportLinesRequired);
            else
            {
                var ids = input.Lines.Select(l => l.ItemId).OfType<int>().Distinct().ToList();
                var items = await db.SupplyItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
                for (var i = 0; i < input.Lines.Count; i++)
                {
                    var line = input.Lines[i];
                    if (line.ItemId is not { } itemId) errors.Add($"lines[{i}].itemId", Messages.Required(new("物资", "the item")));
                    else if (!items.TryGetValue(itemId, out var item)) errors.Add($"lines[{i}].itemId", Messages.NoSuchItem(itemId));
                    else if (k == SupportKind.LivingNecessities && item.Category != SupplyCategory.Living) errors.Add($"lines[{i}].itemId", Messages.SupportLivingItemsOnly);
                    else if (k == SupportKind.MedicalMaterials && item.Category == SupplyCategory.Living) errors.Add($"lines[{i}].itemId", Messages.SupportMedicalItemsOnly);
                    else if (lines.Any(l => l.ItemId == itemId)) errors.Add($"lines[{i}].itemId", Messages.SupportItemTwice);
                    if (line.Quantity is not { } q) errors.Add($"lines[{i}].quantity", Messages.Required(new("数量", "the quantity")));
                    else if (q <= 0) errors.Add($"lines[{i}].quantity", Messages.QuantityPositive);
                    if (line.ItemId is { } id && line.Quantity is > 0 && items.ContainsKey(id)) lines.Add(new SupportLine { ItemId = id, Quantity = line.Quantity.Value });
                }
            }
            if (input.Quantity is not null) errors.Add("quantity", Messages.SupportNoLinesForTeams);
        }
        else if (kind is not null)
        {
            if (input.Lines is { Count: > 0 }) errors.Add("lines", Messages.SupportNoLinesForTeams);
            if (input.Quantity is not { } q) errors.Add("quantity", Messages.Required(new("数量", "the quantity")));
            else if (q <= 0) errors.Add("quantity", Messages.QuantityPositive);
        }
        // 000 §三(四)3: living necessities when the county's short-term supply is in severe difficulty — the county says so.
        if (kind is { } asked && Rules?.Route(asked)?.When is { SevereShortage: true } shortage && input.SevereShortage != true)
            errors.Add("severeShortage", Messages.SupportSevereShortageRequired(shortage.Clause));
        if (errors.Problem is { } invalid) return invalid;
        // 000 §三: the group that answers is the plan's, never a literal here.
        if (Rules?.Route(kind!.Value) is not { } route) return Problem.Rule("support-no-route", Messages.SupportNoRoute(Messages.SupportKindName(kind!.Value).Zh));

        var county = region.Value!;
        var responseLevel = await ResponseLevelAsync(county.Path, ct);
        // 001 §5.4.9–5.4.10: the region's mobile forces at level II and above (the plan's countyResponse).
        if (route.When is { CountyResponse.Count: > 0 } countyCondition && (responseLevel is null || !countyCondition.CountyResponse.Contains(responseLevel)))
            return Problem.Rule("support-condition", Messages.SupportCountyResponseRequired(Messages.SupportKindName(kind!.Value).Zh, countyCondition.Clause, countyCondition.CountyResponse, responseLevel));
        var (grade, cases, gaps) = await FactsAsync(county, now, ct);
        var request = new SupportRequest
        {
            RegionCode = county.Code, RegionPath = county.Path, Kind = kind!.Value, WorkingGroup = route.Group, Clause = route.Clause,
            Quantity = SupportRules.IsMaterials(kind.Value) ? null : input.Quantity, NeededBy = input.NeededBy!.Value.ToUniversalTime(), Destination = destination!, Reason = reason!,
            Grade = grade, RecentCases = cases, ReadinessGaps = gaps, State = SupportState.Submitted, RequestedAt = now, RequestedBy = user.UserName(), Lines = lines,
            SevereShortage = input.SevereShortage == true, ResponseLevel = responseLevel,
        };
        IReadOnlyList<Message> told;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.SupportRequests.Add(request);
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("support.requested", request, new
            {
                kind = EnumNames.Of(request.Kind), request.WorkingGroup, request.Quantity, request.NeededBy, request.Destination, request.Reason, request.Grade, request.RecentCases,
                request.SevereShortage, request.ResponseLevel,
                lines = request.Lines.Select(l => new { item = l.ItemId, l.Quantity }),
            })], ct);
            // The number is known once saved: the group is told in the same transaction.
            told = await TellAsync(request, "requested", now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        await notifier.SendAsync(db, told, ct);
        return await GetAsync(request.Id, jurisdiction, ct);
    }

    /// <summary>The response level in force over a region: the most severe of its own and those of the regions above it (001 §5.3.1).</summary>
    private async Task<string?> ResponseLevelAsync(string path, CancellationToken ct) =>
        plans.Find(options.Value.CityPlan) is { } plan ? (await PlaceService.LevelsAsync(db, plan, [path], ct))(path) : null;

    /// <summary>The facts a request carries (000 §三(六)1 应急处置能力不足、物资供应短缺): the county's grade today, its cases within 14 days, its unmet readiness norms.</summary>
    private async Task<(string? Grade, int Cases, string? Gaps)> FactsAsync(Region county, DateTimeOffset now, CancellationToken ct)
    {
        var today = ChinaTime.DayOf(now);
        var assessed = (await facts.AssessAsync(today, ct)).Regions.FirstOrDefault(r => r.Code == county.Code);
        var since = now.AddDays(-14);
        var cases = await db.Cases.AsNoTracking().CountAsync(c => c.RegionPath.StartsWith(county.Path) && c.Classification != Classification.Suspected && c.ReportedAt >= since, ct);
        var report = await readiness.ReportAsync(new Jurisdiction(county.Code, county.Path), ct);
        var gaps = report.Counties.FirstOrDefault(c => c.RegionCode == county.Code)?.Norms.Where(n => n.Status == "notMet").Select(n => $"{n.Clause} {n.Title}").ToList() ?? [];
        return (assessed?.Grade?.ToString(), cases, gaps.Count == 0 ? null : string.Join('\n', gaps));
    }

    // ---- answering (000 §三(一)–(五)) ----

    public async Task<Outcome<SupportDto>> DecideAsync(long id, SupportDecision input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var found = await FindAsync(id, jurisdiction, ct);
        if (found.Problem is { } missing) return missing;
        var request = found.Value!;
        var errors = new FieldErrors();
        var decision = input.Decision?.Trim().ToLowerInvariant();
        if (decision is not ("accept" or "partial" or "decline")) errors.Add("decision", Messages.SupportDecisionKinds(input.Decision));
        var reason = errors.Text("reason", input.Reason, Limits.NoteCharacters, decision is "partial" or "decline" ? Messages.SupportReasonRequired : null, multiline: true);
        int? accepted = null;
        var acceptedLines = new Dictionary<long, int>();
        if (decision == "accept")
        {
            accepted = request.Quantity;
            foreach (var line in request.Lines) acceptedLines[line.Id] = line.Quantity;
        }
        else if (decision == "decline")
        {
            accepted = request.Quantity is null ? null : 0;
            foreach (var line in request.Lines) acceptedLines[line.Id] = 0;
        }
        else if (decision == "partial" && request.Lines.Count == 0)
        {
            var asked = request.Quantity ?? 0;
            if (input.Quantity is not { } q || q <= 0 || q >= asked) errors.Add("quantity", Messages.SupportPartialBelow(asked));
            else accepted = q;
        }
        else if (decision == "partial")
        {
            var given = input.Lines ?? [];
            for (var i = 0; i < given.Count; i++)
            {
                var line = request.Lines.FirstOrDefault(l => l.ItemId == given[i].ItemId);
                if (line is null) errors.Add($"lines[{i}].itemId", Messages.SupportNotALine);
                else if (given[i].Quantity is not { } q || q < 0 || q > line.Quantity) errors.Add($"lines[{i}].quantity", Messages.SupportPartialBelow(line.Quantity));
                else acceptedLines[line.Id] = q;
            }
            // An item the answer does not name is not accepted.
            foreach (var line in request.Lines) acceptedLines.TryAdd(line.Id, 0);
            if (!errors.Any && request.Lines.All(l => acceptedLines[l.Id] == l.Quantity)) errors.Add("lines", Messages.SupportPartialNothingLess);
            else if (!errors.Any && acceptedLines.Values.All(v => v == 0)) errors.Add("lines", Messages.SupportPartialNothing);
        }
        if (errors.Problem is { } invalid) return invalid;

        var route = Rules?.Route(request.Kind);
        // 000 §三(四)2 按照分级保障的原则: the city grants from its reserves while its own response is at the levels the plan names.
        if (decision is "accept" or "partial" && route?.When is { CityResponse.Count: > 0 } cityCondition)
        {
            var cityPath = CityPaths([request.RegionPath])[request.RegionPath];
            var cityLevel = await ResponseLevelAsync(cityPath, ct);
            if (cityLevel is null || !cityCondition.CityResponse.Contains(cityLevel))
                return Problem.Rule("support-condition", Messages.SupportCityResponseRequired(Messages.SupportKindName(request.Kind).Zh, cityCondition.Clause, cityCondition.CityResponse, cityLevel));
        }
        var state = decision switch { "accept" => SupportState.Accepted, "partial" => SupportState.PartlyAccepted, _ => SupportState.Declined };
        var now = clock.GetUtcNow();
        var by = user.UserName();
        // A kind the city passes on to the region (viaRegion) is, even accepted, not the city's to cover: it may be escalated.
        var shortfall = state != SupportState.Accepted || route?.ViaRegion == true;
        IReadOnlyList<Message> told;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // One conditional update: of two people answering at once, one does; the other is told it is answered (409).
            var moved = await db.SupportRequests.Where(r => r.Id == id && r.State == SupportState.Submitted).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, state).SetProperty(r => r.DecidedAt, now).SetProperty(r => r.DecidedBy, by).SetProperty(r => r.DecisionNote, reason)
                .SetProperty(r => r.AcceptedQuantity, accepted).SetProperty(r => r.Shortfall, shortfall), ct);
            if (moved == 0) return Problem.Conflict("support-answered", Messages.SupportAlreadyAnswered);
            foreach (var (lineId, quantity) in acceptedLines)
            {
                await db.SupportLines.Where(l => l.Id == lineId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Accepted, quantity), ct);
            }
            (request.State, request.DecisionNote) = (state, reason);
            told = await TellAsync(request, "decided", now, ct);
            await AuditLog.SaveChangesAsync(db, by, now, () => [Audit("support." + decision switch { "accept" => "accepted", "partial" => "partly-accepted", _ => "declined" }, request,
                new { state = EnumNames.Of(state), reason, accepted, lines = request.Lines.Select(l => new { item = l.ItemId, asked = l.Quantity, accepted = acceptedLines[l.Id] }) })], ct);
            await transaction.CommitAsync(ct);
        }
        await notifier.SendAsync(db, told, ct);
        return await GetAsync(id, jurisdiction, ct);
    }

    /// <summary>What the city cannot cover goes to the region (000 §三(一)3, §三(四)4; 001 §5.4.10), once, recorded with who and why.</summary>
    public async Task<Outcome<SupportDto>> EscalateAsync(long id, SupportNote input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var found = await FindAsync(id, jurisdiction, ct);
        if (found.Problem is { } missing) return missing;
        var errors = new FieldErrors();
        var note = errors.Text("note", input.Note, Limits.NoteCharacters, Messages.SupportReasonRequired, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        var now = clock.GetUtcNow();
        var by = user.UserName();
        IReadOnlyList<Message> told;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var moved = await db.SupportRequests.Where(r => r.Id == id && r.Shortfall && r.EscalatedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.EscalatedAt, now).SetProperty(r => r.EscalatedBy, by).SetProperty(r => r.EscalationNote, note), ct);
            if (moved == 0) return Problem.Conflict("support-not-escalable", Messages.SupportNothingToEscalate);
            found.Value!.EscalationNote = note;
            told = await TellAsync(found.Value, "escalated", now, ct);
            await AuditLog.SaveChangesAsync(db, by, now, () => [Audit("support.escalated", found.Value!, new { to = Rules?.EscalateTo, clause = Rules?.EscalationClause, note })], ct);
            await transaction.CommitAsync(ct);
        }
        await notifier.SendAsync(db, told, ct);
        return await GetAsync(id, jurisdiction, ct);
    }

    /// <summary>Answering what was escalated: the headquarters (or an administrator) at the autonomous-region level (自治区).</summary>
    public async Task<bool> MayAnswerForRegionAsync(ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        MayAsk(user) && await db.Regions.AsNoTracking().Where(r => r.Code == jurisdiction.RegionCode).Select(r => r.Level).FirstOrDefaultAsync(ct) is RegionLevel.Province;

    /// <summary>
    /// The region answers the part the city escalated (001 §5.4.10 必要时请求自治区支援; 000 §三(一)3, §三(四)4), on the same record:
    /// accept or decline with a note (a refusal needs one), once — a second answer is 409. A region user sees every city's requests.
    /// </summary>
    public async Task<Outcome<SupportDto>> AnswerForRegionAsync(long id, RegionAnswer input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerForRegionAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-region-only", Messages.SupportRegionOnly);
        var found = await FindAsync(id, jurisdiction, ct);
        if (found.Problem is { } missing) return missing;
        var errors = new FieldErrors();
        bool? accepted = input.Decision?.Trim() switch { "accept" => true, "decline" => false, _ => null };
        if (accepted is null) errors.Add("decision", Messages.OneOf(input.Decision ?? "", "accept, decline"));
        var note = errors.Text("note", input.Note, Limits.NoteCharacters, accepted == false ? Messages.SupportReasonRequired : null, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        if (found.Value!.EscalatedAt is null) return Problem.Conflict("support-not-escalated", Messages.SupportNotEscalated);
        var now = clock.GetUtcNow();
        var by = user.UserName();
        IReadOnlyList<Message> told;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var moved = await db.SupportRequests.Where(r => r.Id == id && r.EscalatedAt != null && r.RegionAnsweredAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.RegionAnsweredAt, now).SetProperty(r => r.RegionAnsweredBy, by).SetProperty(r => r.RegionAccepted, accepted).SetProperty(r => r.RegionNote, note), ct);
            if (moved == 0) return Problem.Conflict("support-region-answered", Messages.SupportRegionAnswered);
            (found.Value!.RegionAccepted, found.Value.RegionNote) = (accepted, note);
            told = await TellAsync(found.Value, "region-answered", now, ct);
            await AuditLog.SaveChangesAsync(db, by, now, () => [Audit("support.region-answered", found.Value!, new { accepted, note })], ct);
            await transaction.CommitAsync(ct);
        }
        await notifier.SendAsync(db, told, ct);
        return await GetAsync(id, jurisdiction, ct);
    }

    // ---- overdue (issue 16 §5) ----

    /// <summary>
    /// Presses (督办) each request still unanswered past its needed-by time, once: the watcher claims it with one conditional update
    /// (<c>… AND overdueAnnouncedAt IS NULL</c>, so two scanners press it once), records the press on the request, audits it
    /// (<c>support.overdue</c>) and tells the working group that must answer and the city's headquarters — in the app and by
    /// their group robots (J5).
    /// </summary>
    public async Task<int> AnnounceOverdueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var overdue = await db.SupportRequests.AsNoTracking().Where(r => r.State == SupportState.Submitted && r.OverdueAnnouncedAt == null && r.NeededBy < now)
            .OrderBy(r => r.NeededBy).Take(500).ToListAsync(ct);
        var names = await db.Regions.AsNoTracking().Where(r => overdue.Select(o => o.RegionCode).Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var cityPaths = CityPaths(overdue.Select(r => r.RegionPath));
        var count = 0;
        foreach (var request in overdue)
        {
            var cityPath = cityPaths[request.RegionPath];
            var cityCode = Code(cityPath);
            IReadOnlyList<Message> messages;
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                var claimed = await db.SupportRequests.Where(r => r.Id == request.Id && r.State == SupportState.Submitted && r.OverdueAnnouncedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.OverdueAnnouncedAt, now), ct);
                if (claimed == 0) continue;
                var title = $"督办：支援申请 {Number(request.Id)} 逾期未答复";
                var body = $"{names.GetValueOrDefault(request.RegionCode, request.RegionCode)}的{Messages.SupportKindName(request.Kind).Zh}申请（{Number(request.Id)}）须于 "
                    + $"{ChinaTime.Format(request.NeededBy)} 前答复，已逾期未答复，请{request.WorkingGroup}即办（000 §三(六)1）。";
                messages = Notifier.Add(db, now,
                    new Message(cityCode, cityPath, title, body, "/support", Unit: request.WorkingGroup),
                    new Message(cityCode, cityPath, title, body, "/support"));
                await AuditLog.SaveChangesAsync(db, SystemActor, now, () => [Audit("support.overdue", request, new { request.NeededBy, group = request.WorkingGroup })], ct);
                await transaction.CommitAsync(ct);
            }
            await notifier.SendAsync(db, messages, ct);
            count++;
        }
        return count;
    }

    // ---- dispatch and receipt ----

    /// <summary>
    /// Dispatches an accepted request: materials as issues from depots of the jurisdiction (never the requesting county's own), no more
    /// of an item than accepted, together with the request's move to dispatched — once: a second dispatch finds it dispatched (409),
    /// and a dispatch beyond the stock is refused naming what is available, writing nothing. With it go the teams of the rosters sent
    /// (<c>teamIds</c>: teams of the jurisdiction, not the requesting county's own, with someone on duty) and the transport (vehicle,
    /// driver, route, departure, expected arrival after the departure; 000 §三(五)2), recorded on the request and tracked to its receipt.
    /// </summary>
    public async Task<Outcome<SupportDto>> DispatchAsync(long id, SupportDispatch input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var done = await DispatchManyAsync([(id, input.Shipments ?? [])], input.Note, "shipments", "support.dispatched", user, jurisdiction, ct,
            sending: new Sending(input.TeamIds, input.Transport), shortfallReason: input.ShortfallReason);
        if (done.Problem is { } refused) return refused;
        return await GetAsync(id, jurisdiction, ct);
    }

    private async Task<Outcome<List<long>>> DispatchManyAsync(IReadOnlyList<(long Id, IReadOnlyList<ShipmentInput> Shipments)> batch, string? noteText, string path, string action,
        ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct, object? approval = null, Sending? sending = null, string? shortfallReason = null,
        IReadOnlyDictionary<long, Transport>? transports = null)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var errors = new FieldErrors();
        var note = errors.Text("note", noteText, Limits.NoteCharacters, multiline: true);
        // Why a line goes short (accepted − dispatched), recorded on it; by default the city's reserves fall short (000 §三(四)4).
        var shortReason = errors.Text("shortfallReason", shortfallReason, 500) ?? Messages.SupportUnmetReason.Zh;
        var given = CheckTransport(errors, sending?.Transport);
        Transport TransportOf(long id) => transports?.GetValueOrDefault(id) ?? given;
        var teams = await TeamsToSendAsync(errors, sending?.TeamIds, jurisdiction, ct);
        var legs = new List<StockService.Leg>();
        var work = new List<(SupportRequest Request, Dictionary<long, int> Lines, List<SupportSubstitution> Substituted)>();
        var index = 0;
        foreach (var (id, shipments) in batch)
        {
            var found = await FindAsync(id, jurisdiction, ct);
            if (found.Problem is { } missing) return missing;
            var request = found.Value!;
            if (request.State is not (SupportState.Accepted or SupportState.PartlyAccepted)) return Problem.Conflict("support-not-accepted", Messages.SupportNotAccepted);
            var sent = request.Lines.ToDictionary(l => l.Id, _ => 0);
            var substituted = new List<SupportSubstitution>();
            if (!SupportRules.IsMaterials(request.Kind) && shipments.Count > 0) errors.Add(path, Messages.SupportNoShipmentsForTeams);
            var accepted = shipments.Any(x => x.ForItemId is not null && x.ForItemId != x.ItemId) ? await SubstitutesForAsync(request, ct) : [];
            foreach (var shipment in shipments)
            {
                var at = $"{path}[{index++}]";
                // A substitute (issue 16 §3): the item shipped is another than the line's, one the city's catalogue accepts for it.
                var substitute = shipment.ForItemId is { } forItem && forItem != shipment.ItemId;
                var line = request.Lines.FirstOrDefault(l => l.ItemId == (substitute ? shipment.ForItemId : shipment.ItemId));
                var shipped = line?.Item;
                if (line is null) errors.Add(substitute ? $"{at}.forItemId" : $"{at}.itemId", Messages.SupportNotALine);
                else if (substitute)
                {
                    shipped = accepted.FirstOrDefault(x => x.ItemId == line.ItemId && x.SubstituteId == shipment.ItemId)?.Substitute;
                    if (shipped is null) errors.Add($"{at}.itemId", Messages.SupportNotASubstitute(line.Item?.Name ?? ""));
                }
                if (shipment.Quantity is not { } q || q <= 0) errors.Add($"{at}.quantity", Messages.QuantityPositive);
                var depot = await stock.DepotAsync(errors, $"{at}.depotId", shipment.DepotId, jurisdiction, ct);
                if (depot.Problem is { } outside) return outside;
                if (depot.Value is { } d && d.RegionPath.StartsWith(request.RegionPath, StringComparison.Ordinal)) errors.Add($"{at}.depotId", Messages.SupportOwnDepot);
                if (line is null || shipped is null || shipment.Quantity is not > 0 || depot.Value is null) continue;
                sent[line.Id] += shipment.Quantity.Value;
                if (sent[line.Id] > (line.Accepted ?? 0)) errors.Add($"{at}.quantity", Messages.SupportBeyondAccepted(line.Accepted ?? 0));
                if (substitute)
                {
                    if (substituted.FirstOrDefault(x => x.LineId == line.Id && x.ItemId == shipped.Id) is { } same) same.Quantity += shipment.Quantity.Value;
                    else substituted.Add(new SupportSubstitution { LineId = line.Id, ItemId = shipped.Id, Quantity = shipment.Quantity.Value });
                }
                legs.Add(new StockService.Leg(depot.Value, shipped, MovementKind.Issue, -shipment.Quantity.Value));
            }
            if (SupportRules.IsMaterials(request.Kind) && sent.Values.Sum() == 0 && !errors.Any) errors.Add(path, Messages.SupportNothingShipped);
            for (var t = 0; t < teams.Count; t++)
            {
                // The county asks because its own fall short: its own team is not sent to it.
                if (teams[t].RegionPath.StartsWith(request.RegionPath, StringComparison.Ordinal)) errors.Add($"teamIds[{teams[t].Index}]", Messages.SupportOwnTeam(teams[t].Name));
            }
            work.Add((request, sent, substituted));
        }
        if (errors.Problem is { } invalid) return invalid;

        var by = user.UserName();
        var told = new List<Message>();
        async Task<Problem?> Guard(DateTimeOffset now)
        {
            // The ledger retries a commit from a clean slate: so are the messages.
            told.Clear();
            foreach (var (request, lines, substituted) in work)
            {
                var from = request.State;
                // An allocation's request travels in the vehicles planned to its county (if any).
                var transport = TransportOf(request.Id);
                var moved = await db.SupportRequests.Where(r => r.Id == request.Id && r.State == from).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, SupportState.Dispatched).SetProperty(r => r.DispatchedAt, now).SetProperty(r => r.DispatchedBy, by).SetProperty(r => r.DispatchNote, note)
                    .SetProperty(r => r.Vehicle, transport.Vehicle).SetProperty(r => r.Driver, transport.Driver).SetProperty(r => r.DriverPhone, transport.DriverPhone)
                    .SetProperty(r => r.Route, transport.Route).SetProperty(r => r.DepartsAt, transport.DepartsAt).SetProperty(r => r.ArrivesAt, transport.ArrivesAt), ct);
                if (moved == 0) return Problem.Conflict("support-not-accepted", Messages.SupportNotAccepted);
                db.SupportTeams.AddRange(teams.Select(t => new SupportTeam { RequestId = request.Id, TeamId = t.Id, TeamName = t.Name, Members = t.Members }));
                foreach (var (lineId, quantity) in lines)
                {
                    // The shortfall of the line (accepted − dispatched) is recorded with its reason.
                    var line = request.Lines.First(l => l.Id == lineId);
                    var reason = quantity < (line.Accepted ?? 0) ? shortReason : null;
                    await db.SupportLines.Where(l => l.Id == lineId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Dispatched, quantity).SetProperty(l => l.ShortfallReason, reason), ct);
                }
                db.SupportSubstitutions.AddRange(substituted.Select(x => new SupportSubstitution { LineId = x.LineId, ItemId = x.ItemId, Quantity = x.Quantity }));
                (request.Vehicle, request.ArrivesAt) = (transport.Vehicle, transport.ArrivesAt);
                told.AddRange(await TellAsync(request, "dispatched", now, ct));
            }
            return null;
        }
        IEnumerable<AuditRecord> Audits() => work.Select(p => Audit(action, p.Request, new
        {
            note, approval, lines = p.Request.Lines.Select(l => new
            {
                item = l.ItemId, accepted = l.Accepted, dispatched = p.Lines[l.Id],
                substitutes = p.Substituted.Where(x => x.LineId == l.Id).Select(x => new { item = x.ItemId, x.Quantity }),
                shortfall = (l.Accepted ?? 0) - p.Lines[l.Id],
            }),
            teams = teams.Select(t => new { team = t.Id, t.Name, t.Members }), transport = TransportOf(p.Request.Id),
        }));
        var reference = work.Count == 1 ? Number(work[0].Request.Id) : "ZY-" + string.Join(',', work.Select(p => p.Request.Id.ToString(CultureInfo.InvariantCulture)));
        var done = await stock.CommitAsync(legs, Messages.SupportDispatchReason.Zh, reference.Length > 100 ? reference[..100] : reference, null, by, ct, Guard, Audits);
        if (done.Problem is { } refused) return refused;
        await notifier.SendAsync(db, told, ct);
        return work.Select(p => p.Request.Id).ToList();
    }

    /// <summary>Teams and transport sent with a single dispatch (an allocation's dispatch sends materials only).</summary>
    private sealed record Sending(IReadOnlyList<int?>? TeamIds, TransportInput? Transport);

    private sealed record TeamToSend(int Index, int Id, string Name, string RegionPath, int Members);

    private sealed record Transport(string? Vehicle, string? Driver, string? DriverPhone, string? Route, DateTimeOffset? DepartsAt, DateTimeOffset? ArrivesAt);

    /// <summary>The transport of a dispatch (000 §三(五)2): a vehicle and its departure when any of it is given; the arrival after the departure.</summary>
    private static Transport CheckTransport(FieldErrors errors, TransportInput? input)
    {
        if (input is null) return new(null, null, null, null, null, null);
        var vehicle = errors.Text("transport.vehicle", input.Vehicle, 100, Messages.Required(new("车辆", "the vehicle")));
        var driver = errors.Text("transport.driver", input.Driver, 50);
        var phone = errors.Text("transport.driverPhone", input.DriverPhone, 30);
        if (phone is not null && !PersonFields.Phone().IsMatch(phone)) errors.Add("transport.driverPhone", Messages.NotAPhone(phone));
        var route = errors.Text("transport.route", input.Route, 500);
        if (input.DepartsAt is null) errors.Add("transport.departsAt", Messages.Required(new("出发时间", "the departure")));
        if (input.DepartsAt is { } departs && input.ArrivesAt is { } arrives && arrives <= departs) errors.Add("transport.arrivesAt", Messages.SupportArrivalBeforeDeparture);
        return new(vehicle, driver, phone, route, input.DepartsAt?.ToUniversalTime(), input.ArrivesAt?.ToUniversalTime());
    }

    /// <summary>The teams a dispatch sends: registered in the jurisdiction, each once, with someone on duty.</summary>
    private async Task<List<TeamToSend>> TeamsToSendAsync(FieldErrors errors, IReadOnlyList<int?>? ids, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var result = new List<TeamToSend>();
        if (ids is null) return result;
        if (ids.Count > MaxTeams) errors.Add("teamIds", Messages.SupportTooManyTeams(MaxTeams));
        var wanted = ids.OfType<int>().Distinct().Take(MaxTeams).ToList();
        var found = await jurisdiction.Scope(db.Teams.AsNoTracking()).Where(t => wanted.Contains(t.Id))
            .Select(t => new { t.Id, t.Name, t.RegionPath, Members = t.Members.Count, OnDuty = t.Members.Count(m => m.OnDuty) }).ToDictionaryAsync(t => t.Id, ct);
        var seen = new HashSet<int>();
        for (var i = 0; i < ids.Count && i < MaxTeams; i++)
        {
            if (ids[i] is not { } id || !found.TryGetValue(id, out var team)) errors.Add($"teamIds[{i}]", Messages.SupportNoSuchTeam(ids[i] ?? 0));
            else if (!seen.Add(id)) errors.Add($"teamIds[{i}]", Messages.SupportTeamTwice(team.Name));
            else if (team.OnDuty == 0) errors.Add($"teamIds[{i}]", Messages.SupportTeamNobodyOnDuty(team.Name));
            else result.Add(new TeamToSend(i, team.Id, team.Name, team.RegionPath, team.Members));
        }
        return result;
    }

    /// <summary>The most teams one dispatch sends.</summary>
    public const int MaxTeams = 20;

    /// <summary>The requesting county confirms receipt: materials go into one of its depots as receipts, once (a second confirmation is 409).</summary>
    public async Task<Outcome<SupportDto>> ReceiveAsync(long id, SupportReceipt input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var found = await FindAsync(id, jurisdiction, ct);
        if (found.Problem is { } missing) return missing;
        var request = found.Value!;
        if (!MayAsk(user) || jurisdiction.RegionCode != request.RegionCode) return Problem.Forbidden("support-receiver-only", Messages.SupportReceiverOnly);
        var errors = new FieldErrors();
        var note = errors.Text("note", input.Note, Limits.NoteCharacters, multiline: true);
        Depot? depot = null;
        if (SupportRules.IsMaterials(request.Kind))
        {
            var found2 = await stock.DepotAsync(errors, "depotId", input.DepotId, jurisdiction, ct);
            if (found2.Problem is { } outside) return outside;
            depot = found2.Value;
            if (depot is not null && !depot.RegionPath.StartsWith(request.RegionPath, StringComparison.Ordinal)) errors.Add("depotId", Messages.SupportReceivingDepot);
        }
        if (errors.Problem is { } invalid) return invalid;
        if (request.State != SupportState.Dispatched) return Problem.Conflict("support-not-dispatched", Messages.SupportNotDispatched);

        var by = user.UserName();
        var depotId = depot?.Id;
        IReadOnlyList<Message> told = [];
        async Task<Problem?> Guard(DateTimeOffset now)
        {
            var moved = await db.SupportRequests.Where(r => r.Id == id && r.State == SupportState.Dispatched).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, SupportState.Received).SetProperty(r => r.ReceivedAt, now).SetProperty(r => r.ReceivedBy, by).SetProperty(r => r.ReceivingDepotId, depotId), ct);
            if (moved == 0) return Problem.Conflict("support-not-dispatched", Messages.SupportNotDispatched);
            await db.SupportLines.Where(l => l.RequestId == id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Received, l => l.Dispatched), ct);
            told = await TellAsync(request, "received", now, ct);
            return null;
        }
        // What came as a substitute is received as that item; the rest as the line's own.
        var legs = depot is null ? [] : request.Lines.Where(l => l.Dispatched > 0)
            .SelectMany(l => l.Substitutions.Select(x => new StockService.Leg(depot, x.Item!, MovementKind.Receipt, x.Quantity))
                .Append(new StockService.Leg(depot, l.Item!, MovementKind.Receipt, l.Dispatched - l.Substitutions.Sum(x => x.Quantity))))
            .Where(leg => leg.Quantity > 0).ToList();
        var done = await stock.CommitAsync(legs, Messages.SupportReceiptReason.Zh, Number(id), null, by, ct, Guard,
            () => [Audit("support.received", request, new { depot = depotId, note, lines = request.Lines.Select(l => new
            {
                item = l.ItemId, received = l.Dispatched, substitutes = l.Substitutions.Select(x => new { item = x.ItemId, x.Quantity }),
            }) })]);
        if (done.Problem is { } refused) return refused;
        await notifier.SendAsync(db, told, ct);
        return await GetAsync(id, jurisdiction, ct);
    }

    // ---- allocation (issue 16 §4) ----

    /// <summary>
    /// The proposed allocation of every open materials request of the jurisdiction (accepted, not dispatched) across its depots, optimal
    /// by <see cref="SupportAllocator.Optimal"/>, with the greedy baseline's figures beside it.
    /// </summary>
    public async Task<Outcome<AllocationProposal>> ProposeAsync(ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var open = await jurisdiction.Scope(db.SupportRequests.AsNoTracking())
            .Where(r => (r.Kind == SupportKind.MedicalMaterials || r.Kind == SupportKind.LivingNecessities) && (r.State == SupportState.Accepted || r.State == SupportState.PartlyAccepted))
            .Include(r => r.Lines).ThenInclude(l => l.Item).AsSplitQuery().OrderBy(r => r.NeededBy).ThenBy(r => r.Id).Take(Paging.MaxPageSize * 5).ToListAsync(ct);
        // The city's accepted substitutes of the items asked for (issue 16 §3): their stock may fill a gap, at a higher cost.
        var asked = open.SelectMany(r => r.Lines).Select(l => l.ItemId).Distinct().ToList();
        var substitutes = await SubstitutesAsync(asked, ct);
        IReadOnlyList<int>? SubstitutesOf(SupportRequest r, int item)
        {
            var found = substitutes.Where(x => x.ItemId == item && r.RegionPath.StartsWith(x.RegionPath, StringComparison.Ordinal)).Select(x => x.SubstituteId).Distinct().ToList();
            return found.Count == 0 ? null : found;
        }
        var itemIds = asked.Concat(substitutes.Select(x => x.SubstituteId)).Distinct().ToList();
        var stockRows = await jurisdiction.Scope(db.Stock.AsNoTracking()).Where(s => itemIds.Contains(s.ItemId) && s.OnHand > 0).Include(s => s.Depot).ToListAsync(ct);
        var depots = stockRows.Select(s => s.Depot!).DistinctBy(d => d.Id).ToDictionary(d => d.Id);
        var requests = open.ToDictionary(r => r.Id);
        var cityPaths = CityPaths(open.Select(r => r.RegionPath));

        var supplies = stockRows.Select(s => new SupportAllocator.Supply(s.DepotId, s.ItemId, s.OnHand)).ToList();
        var demands = open.SelectMany(r => r.Lines.Where(l => (l.Accepted ?? 0) > 0)
            .Select(l => new SupportAllocator.Demand(r.Id, l.ItemId, l.Accepted!.Value, UnmetPenalty * Priority(r.Grade), SubstitutesOf(r, l.ItemId)))).ToList();
        long? Cost(int depotId, long requestId) => Distance(depots[depotId].RegionPath, requests[requestId].RegionPath, cityPaths.GetValueOrDefault(requests[requestId].RegionPath));
        var items = open.SelectMany(r => r.Lines).Select(l => l.Item!).Concat(substitutes.Select(x => x.Substitute!)).DistinctBy(i => i.Id).ToDictionary(i => i.Id);
        // Vehicles of the depots that hold stock (000 §三(五)2): where there are any, their capacity couples the items (a MIP with a
        // stated gap); without, each item is its own min-cost flow, proven optimal (issue 16 §4).
        var depotIds = depots.Keys.ToList();
        var vehicles = await jurisdiction.Scope(db.SupportVehicles.AsNoTracking()).Where(v => depotIds.Contains(v.DepotId)).OrderBy(v => v.Id).ToListAsync(ct);
        var optimal = vehicles.Count == 0 ? SupportAllocator.Optimal(supplies, demands, Cost)
            : SupportAllocator.Coupled(supplies, demands, Cost, [.. vehicles.Select(v => new SupportAllocator.Vehicle(v.Id, v.DepotId, v.Capacity, v.Trips))],
                r => requests[r].RegionCode, i => items[i].UnitVolume ?? 1, transportOptions.Value);
        var greedy = SupportAllocator.Greedy(supplies, demands, Cost);

        var codes = open.Select(o => o.RegionCode).Concat(vehicles.Select(v => v.RegionCode)).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var byVehicle = vehicles.ToDictionary(v => v.Id);
        // Mutual aid still waiting for the city (001 §5.4.9): shown beside the proposal, not deducted from it — the city decides either;
        // an offer approved dispatches its request, which thereby leaves the allocation.
        var pending = await PendingOffersAsync([.. open.Select(r => r.Id)], ct);
        return new AllocationProposal(
            [.. optimal.Shipments.Select(s => new ProposedShipment(s.RequestId, names.GetValueOrDefault(requests[s.RequestId].RegionCode, ""), s.DepotId, depots[s.DepotId].Name,
                s.ItemId, items[s.ItemId].Name, items[s.ItemId].Unit, (int)s.Quantity, s.UnitCost, s.ForItemId, s.ForItemId is { } f ? items[f].Name : null))],
            [.. optimal.Unmet.Select(u => new ProposedShortfall(u.RequestId, names.GetValueOrDefault(requests[u.RequestId].RegionCode, ""), u.ItemId, items[u.ItemId].Name, (int)u.Quantity,
                Messages.SupportUnmetReason.ToString()))],
            optimal.ShippingCost, optimal.UnmetQuantity, optimal.Cost, greedy.ShippingCost, greedy.UnmetQuantity, greedy.Cost,
            optimal.Method, optimal.Status, optimal.Gap, optimal.Bound,
            [.. (optimal.Trips ?? []).Select(t => new ProposedTrip(t.VehicleId, byVehicle[t.VehicleId].Plate, t.DepotId, depots[t.DepotId].Name, t.Lane, names.GetValueOrDefault(t.Lane, t.Lane),
                t.Count, Math.Round(t.Volume, 1), t.Capacity))],
            optimal.TripCount * (vehicles.Count == 0 ? 0 : transportOptions.Value.TripCost), pending);
    }

    /// <summary>A person approves the proposal (as shown or edited): every request it names is dispatched as it says, all in one change.</summary>
    public async Task<Outcome<IReadOnlyList<SupportDto>>> ApproveAsync(AllocationApproval input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var shipments = input.Shipments ?? [];
        if (shipments.Count == 0) return Problem.Invalid("shipments", Messages.SupportNothingShipped);
        for (var i = 0; i < shipments.Count; i++)
        {
            if (shipments[i].RequestId is not { } rid) return Problem.Invalid($"shipments[{i}].requestId", Messages.Required(new("支援申请", "the request")));
            var request = await db.SupportRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, ct);
            if (request is null || !SupportRules.IsMaterials(request.Kind) || request.State is not (SupportState.Accepted or SupportState.PartlyAccepted))
            {
                return Problem.Invalid($"shipments[{i}].requestId", Messages.SupportNotInAllocation(rid));
            }
        }
        var batch = shipments.GroupBy(s => s.RequestId!.Value)
            .Select(g => (g.Key, (IReadOnlyList<ShipmentInput>)[.. g.Select(s => new ShipmentInput(s.DepotId, s.ItemId, s.Quantity, s.ForItemId))])).ToList();
        var transports = await PlannedTransportAsync(input.Trips, batch.Select(b => b.Key).ToList(), jurisdiction, ct);
        if (transports.Problem is { } badTrips) return badTrips;
        var done = await DispatchManyAsync(batch, input.Note, "shipments", "support.allocation-dispatched", user, jurisdiction, ct,
            new { approvedBy = user.UserName(), shipments = shipments.Count, trips = input.Trips?.Count ?? 0 }, shortfallReason: input.ShortfallReason, transports: transports.Value);
        if (done.Problem is { } refused) return refused;
        var list = new List<SupportDto>();
        foreach (var id in done.Value!) list.Add((await GetAsync(id, jurisdiction, ct)).Expect());
        return list;
    }

    /// <summary>
    /// The transport of each request of an approved allocation, from the planned vehicle trips (000 §三(五)2): every request takes the
    /// vehicles going to its county — plates and trips, the first vehicle's driver, the route depot → county, leaving now. Each trip a
    /// registered vehicle of the jurisdiction (400 <c>trips[i].vehicleId</c>), no more trips than it makes a day (<c>trips[i].trips</c>),
    /// to a county of the allocation (<c>trips[i].county</c>).
    /// </summary>
    private async Task<Outcome<Dictionary<long, Transport>>> PlannedTransportAsync(IReadOnlyList<AllocationTripInput>? trips, IReadOnlyList<long> requestIds,
        Jurisdiction jurisdiction, CancellationToken ct)
    {
        var result = new Dictionary<long, Transport>();
        if (trips is not { Count: > 0 }) return result;
        var counties = await db.SupportRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).Select(r => new { r.Id, r.RegionCode }).ToListAsync(ct);
        var ids = trips.Select(t => t.VehicleId).OfType<int>().Distinct().ToList();
        var vehicles = await jurisdiction.Scope(db.SupportVehicles.AsNoTracking()).Where(v => ids.Contains(v.Id)).Include(v => v.Depot).ToDictionaryAsync(v => v.Id, ct);
        var errors = new FieldErrors();
        var planned = new List<(SupportVehicle Vehicle, string County, int Trips)>();
        for (var i = 0; i < trips.Count; i++)
        {
            var trip = trips[i];
            SupportVehicle? vehicle = null;
            if (trip.VehicleId is not { } vid) errors.Add($"trips[{i}].vehicleId", Messages.Required(new("车辆", "the vehicle")));
            else if (!vehicles.TryGetValue(vid, out vehicle)) errors.Add($"trips[{i}].vehicleId", Messages.SupportTripVehicle(vid));
            if (trip.Trips is not { } n || n <= 0 || (vehicle is not null && n > vehicle.Trips)) errors.Add($"trips[{i}].trips", Messages.SupportTripCount(vehicle?.Trips ?? MaxVehicleTrips));
            var county = trip.County?.Trim();
            if (string.IsNullOrEmpty(county) || counties.All(c => c.RegionCode != county)) errors.Add($"trips[{i}].county", Messages.SupportTripCounty);
            else if (vehicle is not null && trip.Trips is > 0) planned.Add((vehicle, county, trip.Trips.Value));
        }
        foreach (var (vehicle, group) in planned.GroupBy(p => p.Vehicle.Id).Select(g => (g.First().Vehicle, g)))
        {
            // A vehicle's trips over all lanes stay within what it makes a day.
            if (group.Sum(p => p.Trips) > vehicle.Trips) errors.Add("trips", Messages.SupportTripCount(vehicle.Trips));
        }
        if (errors.Problem is { } invalid) return invalid;
        var names = await db.Regions.AsNoTracking().Where(r => counties.Select(c => c.RegionCode).Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var now = clock.GetUtcNow();
        foreach (var request in counties)
        {
            var going = planned.Where(p => p.County == request.RegionCode).ToList();
            if (going.Count == 0) continue;
            var text = string.Join("、", going.Select(p => $"{p.Vehicle.Plate}×{p.Trips}趟"));
            var route = $"{string.Join("、", going.Select(p => p.Vehicle.Depot?.Name).Distinct())} → {names.GetValueOrDefault(request.RegionCode, request.RegionCode)}";
            var first = going[0].Vehicle;
            result[request.Id] = new Transport(text.Length > 100 ? text[..100] : text, first.Driver, first.DriverPhone, route.Length > 500 ? route[..500] : route, now, null);
        }
        return result;
    }

    /// <summary>Priority of a request by the grade of its county when asked: I 5, II 4, III 3, IV 2, none 1 (multiplies the unmet penalty).</summary>
    public static long Priority(string? grade) => grade switch { "I" => 5, "II" => 4, "III" => 3, "IV" => 2, _ => 1 };

    /// <summary>
    /// The distance proxy between a depot and a requesting county (docs/support.md): a depot inside the county is not a source (the
    /// county asks because its own fall short: null); a depot of the county's city itself 1; any other depot (another county, another
    /// city) 2.
    /// </summary>
    public static long? Distance(string depotPath, string countyPath, string? cityPath)
    {
        if (depotPath.StartsWith(countyPath, StringComparison.Ordinal)) return null;
        return depotPath == cityPath ? 1 : 2;
    }

    /// <summary>
    /// Who hears of a step (000 §三(一)2 建立健全信息收集、报告、联络等工作机制; J5): a new request the working group that answers it and the
    /// city headquarters; an answer, a dispatch and the region's answer the requesting county; an escalation the region; a receipt the
    /// working group. In the app (added to <see cref="db"/>, saved with the step) and, once sent, by the robots (<see cref="Notifier.SendAsync"/>).
    /// </summary>
    private async Task<IReadOnlyList<Message>> TellAsync(SupportRequest r, string step, DateTimeOffset now, CancellationToken ct)
    {
        var county = await db.Regions.AsNoTracking().Where(x => x.Code == r.RegionCode).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? r.RegionCode;
        var cityPath = CityPaths([r.RegionPath])[r.RegionPath];
        var cityCode = Code(cityPath);
        var regionPath = CityPaths([cityPath])[cityPath];
        var number = Number(r.Id);
        var what = $"{county}的{Messages.SupportKindName(r.Kind).Zh}申请（{number}）";
        Message ToCounty(string title, string body) => new(r.RegionCode, r.RegionPath, title, body, "/support");
        Message ToCity(string title, string body) => new(cityCode, cityPath, title, body, "/support");
        Message ToGroup(string title, string body) => new(cityCode, cityPath, title, body, "/support", Unit: r.WorkingGroup);
        Message[] messages = step switch
        {
            "requested" => [ToGroup($"支援申请 {number} 待答复", $"{what}须于 {ChinaTime.Format(r.NeededBy)} 前送达{r.Destination}，请{r.WorkingGroup}答复（000 §三(六)1）。"),
                ToCity($"支援申请 {number} 待答复", $"{what}已提交，由{r.WorkingGroup}答复。")],
            "decided" => [ToCounty($"支援申请 {number}：{Messages.SupportStateName(r.State).Zh}", $"{what}，市指挥部{r.WorkingGroup}答复：{Messages.SupportStateName(r.State).Zh}{(r.DecisionNote is { } n ? "。" + n : "")}。")],
            "escalated" => [new(Code(regionPath), regionPath, $"支援申请 {number} 上报自治区", $"{what}市级不能满足，已上报{Rules?.EscalateTo ?? "自治区"}：{r.EscalationNote}", "/support")],
            "region-answered" => [ToCounty($"支援申请 {number}：自治区已答复", $"{what}，自治区{(r.RegionAccepted == true ? "同意支援" : "不予支援")}{(r.RegionNote is { } n ? "：" + n : "")}。"),
                ToCity($"支援申请 {number}：自治区已答复", $"{what}，自治区{(r.RegionAccepted == true ? "同意支援" : "不予支援")}{(r.RegionNote is { } n2 ? "：" + n2 : "")}。")],
            "dispatched" => [ToCounty($"支援申请 {number} 已调派", $"{what}已调派{(r.Vehicle is { } v ? $"，{v}" + (r.ArrivesAt is { } a ? $"预计 {ChinaTime.Format(a)} 到达" : "") : "")}，到达后请确认接收。")],
            "received" => [ToGroup($"支援申请 {number} 已接收", $"{what}，{county}已确认接收。"),
                // Mutual aid (001 §5.4.9): the county that gave it hears that it arrived.
                .. (await db.SupportOffers.AsNoTracking().Where(o => o.RequestId == r.Id && o.State == SupportOfferState.Approved).Select(o => new { o.RegionCode, o.RegionPath }).ToListAsync(ct))
                    .Select(o => new Message(o.RegionCode, o.RegionPath, $"互助支援 {number} 已接收", $"{what}，{county}已确认接收您的互助支援。", "/support"))],
            _ => [],
        };
        return Notifier.Add(db, now, messages);
    }

    private static string Code(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }

    private static Dictionary<string, string> CityPaths(IEnumerable<string> countyPaths)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in countyPaths.Distinct())
        {
            // "/150000/150500/150525/" → its parent "/150000/150500/".
            var trimmed = path.TrimEnd('/');
            result[path] = trimmed[..(trimmed.LastIndexOf('/') + 1)];
        }
        return result;
    }

    // ---- shapes ----

    public static string Number(long id) => $"ZY-{id:D6}";

    private static AuditRecord Audit(string action, SupportRequest r, object data) => new(action, "support-request", r.Id.ToString(CultureInfo.InvariantCulture), data, r.RegionPath);

    private async Task<IReadOnlyList<SupportDto>> DtosAsync(IReadOnlyList<SupportRequest> rows, CancellationToken ct)
    {
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var rules = Rules;
        return [.. rows.Select(r => new SupportDto(r.Id, Number(r.Id), r.RegionCode, names.GetValueOrDefault(r.RegionCode, r.RegionCode), EnumNames.Of(r.Kind),
            Messages.SupportKindName(r.Kind).ToString(), r.WorkingGroup, r.Clause, r.Quantity, r.AcceptedQuantity, r.NeededBy, r.Destination, r.Reason, r.Grade, r.RecentCases,
            r.ReadinessGaps is null ? [] : r.ReadinessGaps.Split('\n'), EnumNames.Of(r.State), Messages.SupportStateName(r.State).ToString(), r.Shortfall,
            r.RequestedAt, r.RequestedBy, r.DecidedAt, r.DecidedBy, r.DecisionNote, r.EscalatedAt, r.EscalatedBy, r.EscalationNote, rules?.EscalateTo,
            r.DispatchedAt, r.DispatchedBy, r.DispatchNote, r.ReceivedAt, r.ReceivedBy, r.ReceivingDepotId,
            [.. r.Lines.OrderBy(l => l.Id).Select(l => new SupportLineDto(l.ItemId, l.Item?.Code ?? "", l.Item?.Name ?? "", l.Item?.Unit ?? "", l.Quantity, l.Accepted, l.Dispatched, l.Received,
                l.Accepted is { } a && r.DispatchedAt is not null ? Math.Max(0, a - l.Dispatched) : null, l.ShortfallReason,
                [.. l.Substitutions.OrderBy(x => x.Id).Select(x => new SubstitutionDto(x.ItemId, x.Item?.Code ?? "", x.Item?.Name ?? "", x.Item?.Unit ?? "", x.Quantity))]))],
            [.. r.Teams.OrderBy(t => t.Id).Select(t => new SupportTeamDto(t.TeamId, t.TeamName, t.Members))],
            r.Vehicle is null ? null : new TransportDto(r.Vehicle, r.Driver, r.DriverPhone, r.Route, r.DepartsAt, r.ArrivesAt),
            r.RegionAnsweredAt, r.RegionAnsweredBy, r.RegionAccepted, r.RegionNote, r.OverdueAnnouncedAt, r.SevereShortage, r.ResponseLevel))];
    }
}

/// <param name="Shortfall">Once dispatched: accepted − dispatched (substitutes count as the item); <paramref name="ShortfallReason"/> says why.</param>
/// <param name="Substitutes">What of <paramref name="Dispatched"/> went as a substitute item (以 KN95 代替 N95 ×N).</param>
public sealed record SupportLineDto(int ItemId, string ItemCode, string ItemName, string Unit, int Quantity, int? Accepted, int Dispatched, int Received,
    int? Shortfall = null, string? ShortfallReason = null, IReadOnlyList<SubstitutionDto>? Substitutes = null);

/// <summary>A substitute item dispatched for a line, and how many (one for one).</summary>
public sealed record SubstitutionDto(int ItemId, string ItemCode, string ItemName, string Unit, int Quantity);

public sealed record SupportDto(long Id, string Number, string RegionCode, string RegionName, string Kind, string KindName, string WorkingGroup, string Clause,
    int? Quantity, int? AcceptedQuantity, DateTimeOffset NeededBy, string Destination, string Reason, string? Grade, int? RecentCases, IReadOnlyList<string> ReadinessGaps,
    string State, string StateName, bool Shortfall, DateTimeOffset RequestedAt, string RequestedBy, DateTimeOffset? DecidedAt, string? DecidedBy, string? DecisionNote,
    DateTimeOffset? EscalatedAt, string? EscalatedBy, string? EscalationNote, string? EscalateTo, DateTimeOffset? DispatchedAt, string? DispatchedBy, string? DispatchNote,
    DateTimeOffset? ReceivedAt, string? ReceivedBy, int? ReceivingDepotId, IReadOnlyList<SupportLineDto> Lines, IReadOnlyList<SupportTeamDto> Teams, TransportDto? Transport,
    DateTimeOffset? RegionAnsweredAt, string? RegionAnsweredBy, bool? RegionAccepted, string? RegionNote, DateTimeOffset? OverdueAt, bool SevereShortage, string? ResponseLevel);

/// <summary>decision: accept or decline (a note with a refusal).</summary>
public sealed record RegionAnswer(string? Decision, string? Note);

/// <summary>A registered team sent with the dispatch, as it was when sent.</summary>
public sealed record SupportTeamDto(int TeamId, string Name, int Members);

/// <summary>The transport of a dispatch; it arrived when the county confirmed receipt (<c>receivedAt</c>).</summary>
public sealed record TransportDto(string Vehicle, string? Driver, string? DriverPhone, string? Route, DateTimeOffset? DepartsAt, DateTimeOffset? ArrivesAt);

public sealed record SupportLineInput(int? ItemId, int? Quantity);

/// <summary>
/// kind: expertsRemote, expertsOnSite, epiTeam, pcrLab, socialControl, medicalMaterials, livingNecessities, marketSupervision, transport,
/// mobileForces; severeShortage: the county declares its short-term supply in severe difficulty (required where the plan's route says so).
/// </summary>
public sealed record NewSupportRequest(string? Region, string? Kind, int? Quantity, IReadOnlyList<SupportLineInput>? Lines, DateTimeOffset? NeededBy, string? Destination, string? Reason,
    bool? SevereShortage = null);

/// <summary>decision: accept, partial (quantity, or lines with the accepted quantity of each item) or decline; a reason with partial and decline.</summary>
public sealed record SupportDecision(string? Decision, string? Reason, int? Quantity = null, IReadOnlyList<SupportLineInput>? Lines = null);

public sealed record SupportNote(string? Note);

/// <summary>forItemId: the request's item this shipment stands for when <c>itemId</c> is an accepted substitute of it (issue 16 §3).</summary>
public sealed record ShipmentInput(int? DepotId, int? ItemId, int? Quantity, int? ForItemId = null);

/// <summary>The transport of a dispatch (000 §三(五)2): vehicle and departure required, the expected arrival after the departure.</summary>
public sealed record TransportInput(string? Vehicle, string? Driver, string? DriverPhone, string? Route, DateTimeOffset? DepartsAt, DateTimeOffset? ArrivesAt);

/// <summary>shipments for materials; teamIds: teams of the register sent with it; transport: how it travels.</summary>
/// <summary>shortfallReason: why lines go short of what was accepted (default: the city's reserves fall short).</summary>
public sealed record SupportDispatch(IReadOnlyList<ShipmentInput>? Shipments, string? Note = null, IReadOnlyList<int?>? TeamIds = null, TransportInput? Transport = null,
    string? ShortfallReason = null);

public sealed record SupportReceipt(int? DepotId, string? Note = null);

/// <summary>A kind, the group that answers it, and the plan's condition on it (<see cref="SupportCondition"/>) as the page shows it.</summary>
public sealed record SupportRouteDto(string Kind, string KindName, string WorkingGroup, string Clause, string Name, bool Materials,
    IReadOnlyList<string> CityResponse, IReadOnlyList<string> CountyResponse, bool SevereShortage, string? ConditionClause, bool ViaRegion);

public sealed record SupportRoutesDto(string? Plan, string? Clause, string? EscalateTo, string? EscalationClause, string? EscalationGroup, IReadOnlyList<SupportRouteDto> Routes);

/// <summary>A shipment of the proposal; with <paramref name="ForItemId"/> the item shipped is a substitute for that item (以 KN95 代替 N95 ×N).</summary>
public sealed record ProposedShipment(long RequestId, string County, int DepotId, string DepotName, int ItemId, string ItemName, string Unit, int Quantity, long UnitCost,
    int? ForItemId = null, string? ForItemName = null);

public sealed record ProposedShortfall(long RequestId, string County, int ItemId, string ItemName, int Quantity, string Reason);

/// <summary>The optimal allocation, and the greedy baseline's figures for comparison (cost = distance cost + unmet × penalty × priority).</summary>
/// <param name="Method">min-cost-flow (no vehicles: each item proven optimal) or mip (vehicles couple the items; SCIP to the configured gap).</param>
/// <param name="Status">The solver's status (OPTIMAL, or FEASIBLE when the time limit came before the gap).</param>
/// <param name="Gap">The relative gap achieved between the objective and <paramref name="Bound"/> (0 for the flow).</param>
/// <param name="Trips">Which vehicle carries what: trips per lane (depot → county).</param>
/// <param name="TripCost">The trips' part of <paramref name="Cost"/> (trips × the configured cost of a trip).</param>
/// <param name="PendingOffers">Mutual-aid offers still waiting for the city on the requests of the proposal (what they may still get from a neighbour).</param>
public sealed record AllocationProposal(IReadOnlyList<ProposedShipment> Shipments, IReadOnlyList<ProposedShortfall> Unmet, long ShippingCost, long UnmetQuantity, long Cost,
    long GreedyShippingCost, long GreedyUnmetQuantity, long GreedyCost, string Method = "min-cost-flow", string Status = "OPTIMAL", double Gap = 0, double? Bound = null,
    IReadOnlyList<ProposedTrip>? Trips = null, long TripCost = 0, IReadOnlyList<SupportOfferDto>? PendingOffers = null);

/// <summary><paramref name="Trips"/> trips of a vehicle from its depot to a county, carrying <paramref name="Volume"/> litres (<paramref name="Capacity"/> a trip).</summary>
public sealed record ProposedTrip(int VehicleId, string Plate, int DepotId, string DepotName, string County, string CountyName, int Trips, double Volume, long Capacity);

public sealed record AllocationShipmentInput(long? RequestId, int? DepotId, int? ItemId, int? Quantity, int? ForItemId = null);

/// <summary>A planned vehicle trip approved with the allocation: vehicle, the county it goes to (code), how many trips.</summary>
public sealed record AllocationTripInput(int? VehicleId, string? County, int? Trips);

/// <summary>trips: the proposal's vehicle trips (as proposed or edited); each dispatched request takes its transport from those to its county.</summary>
public sealed record AllocationApproval(IReadOnlyList<AllocationShipmentInput>? Shipments, string? Note = null, string? ShortfallReason = null,
    IReadOnlyList<AllocationTripInput>? Trips = null);
