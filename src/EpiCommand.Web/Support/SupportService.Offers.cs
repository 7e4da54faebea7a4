using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Support;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Supplies;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Support;

/// <summary>
/// Mutual aid between counties (互助支援; 000 §二(五) 资源共享、相互支援, §三(四)3 畅通跨区域间应急支援物资调剂渠道; 001 §5.4.9 建立全市援助工作机制):
/// a county's headquarters offers items from one of its own depots to another county's open materials request of the same city; the
/// city's headquarters approves — the items are issued from the offering county's depot through the stock ledger and the request is
/// dispatched, received by the requesting county as any dispatch — or declines it. Each step is one conditional update, audited and told.
/// </summary>
public sealed partial class SupportService
{
    public static readonly Keyset<SupportOffer> NewestOffers = Keyset<SupportOffer>.By(o => o.OfferedAt, o => o.Id, descending: true);

    /// <summary>Open materials requests a county may answer with an offer: not yet dispatched nor declined.</summary>
    private static readonly SupportState[] OpenStates = [SupportState.Submitted, SupportState.Accepted, SupportState.PartlyAccepted];

    /// <summary>
    /// The open materials requests of the other counties of the user's city (what a county may offer to; a city sees those of its
    /// jurisdiction): a page, newest first, showing what is needed — not the facts or reasons of the other county's request.
    /// </summary>
    public async Task<Page<SupportNeedDto>> NeedsAsync(Jurisdiction jurisdiction, PageRequest page, CancellationToken ct)
    {
        var level = await LevelAsync(jurisdiction, ct);
        var query = db.SupportRequests.AsNoTracking()
            .Where(r => (r.Kind == SupportKind.MedicalMaterials || r.Kind == SupportKind.LivingNecessities) && OpenStates.Contains(r.State));
        if (level == RegionLevel.County)
        {
            var own = jurisdiction.Path;
            var city = CityPaths([own])[own];
            query = query.Where(r => r.RegionPath.StartsWith(city) && !r.RegionPath.StartsWith(own));
        }
        else query = jurisdiction.Scope(query);
        return await Newest.PageAsync(query.Include(r => r.Lines).ThenInclude(l => l.Item).AsSplitQuery(), page, NeedDtosAsync, ct);
    }

    private async Task<IReadOnlyList<SupportNeedDto>> NeedDtosAsync(IReadOnlyList<SupportRequest> rows, CancellationToken ct)
    {
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return [.. rows.Select(r => new SupportNeedDto(r.Id, Number(r.Id), r.RegionCode, names.GetValueOrDefault(r.RegionCode, r.RegionCode), EnumNames.Of(r.Kind),
            Messages.SupportKindName(r.Kind).ToString(), EnumNames.Of(r.State), Messages.SupportStateName(r.State).ToString(), r.NeededBy, r.Destination,
            [.. r.Lines.OrderBy(l => l.Id).Select(l => new SupportLineDto(l.ItemId, l.Item?.Code ?? "", l.Item?.Name ?? "", l.Item?.Unit ?? "", l.Quantity, l.Accepted, l.Dispatched, l.Received))]))];
    }

    /// <summary>The offers the user may see: those its county made (or the counties below it) and those answering its requests.</summary>
    private IQueryable<SupportOffer> Offers(Jurisdiction jurisdiction)
    {
        var path = jurisdiction.Path;
        return db.SupportOffers.AsNoTracking().Where(o => o.RegionPath.StartsWith(path) || o.RequestRegionPath.StartsWith(path));
    }

    public async Task<Page<SupportOfferDto>> ListOffersAsync(Jurisdiction jurisdiction, long? requestId, SupportOfferState? state, PageRequest page, CancellationToken ct)
    {
        var query = Offers(jurisdiction);
        if (requestId is { } rid) query = query.Where(o => o.RequestId == rid);
        if (state is { } s) query = query.Where(o => o.State == s);
        return await NewestOffers.PageAsync(query.Include(o => o.Lines).ThenInclude(l => l.Item).AsSplitQuery(), page, OfferDtosAsync, ct);
    }

    public async Task<Outcome<SupportOfferDto>> GetOfferAsync(long id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var offer = await db.SupportOffers.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Item).AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null) return Problem.NotFound("support-offer-not-found", Messages.NoSuchSupportOffer(id));
        if (!offer.RegionPath.StartsWith(jurisdiction.Path, StringComparison.Ordinal) && !offer.RequestRegionPath.StartsWith(jurisdiction.Path, StringComparison.Ordinal))
            return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(offer.RegionCode));
        return (await OfferDtosAsync([offer], ct))[0];
    }

    private async Task<RegionLevel?> LevelAsync(Jurisdiction jurisdiction, CancellationToken ct) =>
        await db.Regions.AsNoTracking().Where(r => r.Code == jurisdiction.RegionCode).Select(r => (RegionLevel?)r.Level).FirstOrDefaultAsync(ct);

    /// <summary>
    /// A county's headquarters offers items from one of its own depots to an open materials request of another county of its city:
    /// each item a line of the request, no more than asked (or than accepted, once the city has answered). Stock is not reserved: the
    /// ledger checks it when the city approves.
    /// </summary>
    public async Task<Outcome<SupportOfferDto>> OfferAsync(long requestId, NewSupportOffer input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayAsk(user)) return Problem.Forbidden("support-not-allowed", Messages.SupportAskersOnly);
        if (await LevelAsync(jurisdiction, ct) != RegionLevel.County) return Problem.Forbidden("support-offer-county-only", Messages.SupportOfferCountyOnly);
        var request = await db.SupportRequests.AsNoTracking().Include(r => r.Lines).ThenInclude(l => l.Item).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (request is null) return Problem.NotFound("support-not-found", Messages.NoSuchSupportRequest(requestId));
        var cityPath = CityPaths([jurisdiction.Path])[jurisdiction.Path];
        if (!request.RegionPath.StartsWith(cityPath, StringComparison.Ordinal)) return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(request.RegionCode));
        if (request.RegionPath.StartsWith(jurisdiction.Path, StringComparison.Ordinal)) return Problem.Rule("support-offer-own", Messages.SupportOfferOwnRequest);
        if (!SupportRules.IsMaterials(request.Kind)) return Problem.Rule("support-offer-materials", Messages.SupportOfferMaterialsOnly);
        if (!OpenStates.Contains(request.State)) return Problem.Conflict("support-offer-closed", Messages.SupportOfferClosed);

        var errors = new FieldErrors();
        var note = errors.Text("note", input.Note, Limits.NoteCharacters, multiline: true);
        var depot = await stock.DepotAsync(errors, "depotId", input.DepotId, jurisdiction, ct);
        if (depot.Problem is { } outside) return outside;
        var lines = new List<SupportOfferLine>();
        if (input.Lines is not { Count: > 0 }) errors.Add("lines", Messages.SupportNothingShipped);
        else
        {
            for (var i = 0; i < input.Lines.Count; i++)
            {
                var given = input.Lines[i];
                var line = request.Lines.FirstOrDefault(l => l.ItemId == given.ItemId);
                if (given.ItemId is null) errors.Add($"lines[{i}].itemId", Messages.Required(new("物资", "the item")));
                else if (line is null) errors.Add($"lines[{i}].itemId", Messages.SupportNotALine);
                else if (lines.Any(l => l.ItemId == line.ItemId)) errors.Add($"lines[{i}].itemId", Messages.SupportItemTwice);
                var most = line is null ? 0 : request.State == SupportState.Submitted ? line.Quantity : line.Accepted ?? 0;
                if (given.Quantity is not { } q) errors.Add($"lines[{i}].quantity", Messages.Required(new("数量", "the quantity")));
                else if (q <= 0) errors.Add($"lines[{i}].quantity", Messages.QuantityPositive);
                else if (line is not null && q > most) errors.Add($"lines[{i}].quantity", Messages.SupportOfferBeyond(most));
                if (line is not null && given.Quantity is > 0 && lines.All(l => l.ItemId != line.ItemId)) lines.Add(new SupportOfferLine { ItemId = line.ItemId, Quantity = given.Quantity.Value });
            }
        }
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var by = user.UserName();
        var offer = new SupportOffer
        {
            RequestId = request.Id, RegionCode = jurisdiction.RegionCode, RegionPath = jurisdiction.Path, RequestRegionPath = request.RegionPath, DepotId = depot.Value!.Id,
            State = SupportOfferState.Offered, OfferedAt = now, OfferedBy = by, Note = note, Lines = lines,
        };
        IReadOnlyList<Message> told;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.SupportOffers.Add(offer);
            await AuditLog.SaveChangesAsync(db, by, now, () => [OfferAudit("support.offered", offer, new
            {
                request = request.Id, depot = offer.DepotId, note, lines = lines.Select(l => new { item = l.ItemId, l.Quantity }),
            })], ct);
            told = await TellOfferAsync(offer, request, depot.Value.Name, "offered", now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        await notifier.SendAsync(db, told, ct);
        return await GetOfferAsync(offer.Id, jurisdiction, ct);
    }

    /// <summary>
    /// The city approves or declines an offer (decision approve | decline, a note with a refusal), once: of two at once, one does (409).
    /// Approved, the offered items are issued from the offering county's depot (a ledger line each, reference the request's number;
    /// beyond the stock 409 naming what is available, nothing written) and the request moves to dispatched with them in the same
    /// transaction; a request still unanswered is thereby accepted at the offered quantities (the rest is its shortfall).
    /// </summary>
    public async Task<Outcome<SupportOfferDto>> DecideOfferAsync(long id, SupportOfferDecision input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var offer = await db.SupportOffers.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Item).AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null) return Problem.NotFound("support-offer-not-found", Messages.NoSuchSupportOffer(id));
        if (!offer.RequestRegionPath.StartsWith(jurisdiction.Path, StringComparison.Ordinal) || !offer.RegionPath.StartsWith(jurisdiction.Path, StringComparison.Ordinal))
            return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(offer.RegionCode));
        var errors = new FieldErrors();
        var decision = input.Decision?.Trim().ToLowerInvariant();
        if (decision is not ("approve" or "decline")) errors.Add("decision", Messages.OneOf(input.Decision ?? "", "approve, decline"));
        var note = errors.Text("note", input.Note, Limits.NoteCharacters, decision == "decline" ? Messages.SupportReasonRequired : null, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        if (offer.State != SupportOfferState.Offered) return Problem.Conflict("support-offer-decided", Messages.SupportOfferDecided);
        var request = await db.SupportRequests.AsNoTracking().Include(r => r.Lines).ThenInclude(l => l.Item).AsSplitQuery().FirstAsync(r => r.Id == offer.RequestId, ct);
        var depot = await db.Depots.AsNoTracking().FirstAsync(d => d.Id == offer.DepotId, ct);
        var by = user.UserName();

        if (decision == "decline")
        {
            var now = clock.GetUtcNow();
            IReadOnlyList<Message> told;
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                var moved = await db.SupportOffers.Where(o => o.Id == id && o.State == SupportOfferState.Offered).ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.State, SupportOfferState.Declined).SetProperty(o => o.DecidedAt, now).SetProperty(o => o.DecidedBy, by).SetProperty(o => o.DecisionNote, note), ct);
                if (moved == 0) return Problem.Conflict("support-offer-decided", Messages.SupportOfferDecided);
                (offer.State, offer.DecisionNote) = (SupportOfferState.Declined, note);
                told = await TellOfferAsync(offer, request, depot.Name, "declined", now, ct);
                await AuditLog.SaveChangesAsync(db, by, now, () => [OfferAudit("support.offer-declined", offer, new { request = request.Id, note })], ct);
                await transaction.CommitAsync(ct);
            }
            await notifier.SendAsync(db, told, ct);
            return await GetOfferAsync(id, jurisdiction, ct);
        }

        // Approve: what the request can still take. A request answered meanwhile takes no more than the city accepted.
        var from = request.State;
        if (!OpenStates.Contains(from)) return Problem.Conflict("support-offer-closed", Messages.SupportOfferClosed);
        var offered = offer.Lines.ToDictionary(l => l.ItemId, l => l.Quantity);
        foreach (var line in request.Lines)
        {
            if (from != SupportState.Submitted && offered.GetValueOrDefault(line.ItemId) > (line.Accepted ?? 0))
                return Problem.Conflict("support-offer-beyond", Messages.SupportBeyondAccepted(line.Accepted ?? 0));
        }
        var county = await db.Regions.AsNoTracking().Where(r => r.Code == offer.RegionCode).Select(r => r.Name).FirstOrDefaultAsync(ct) ?? offer.RegionCode;
        var dispatchNote = $"{Messages.SupportOfferDispatchNote(county, depot.Name).Zh}{(note is null ? "" : "：" + note)}";
        var shortfall = request.Lines.Any(l => offered.GetValueOrDefault(l.ItemId) < l.Quantity);
        var told2 = new List<Message>();
        async Task<Problem?> Guard(DateTimeOffset now)
        {
            told2.Clear();
            var claimed = await db.SupportOffers.Where(o => o.Id == id && o.State == SupportOfferState.Offered).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.State, SupportOfferState.Approved).SetProperty(o => o.DecidedAt, now).SetProperty(o => o.DecidedBy, by).SetProperty(o => o.DecisionNote, note), ct);
            if (claimed == 0) return Problem.Conflict("support-offer-decided", Messages.SupportOfferDecided);
            int moved;
            if (from == SupportState.Submitted)
            {
                moved = await db.SupportRequests.Where(r => r.Id == request.Id && r.State == from).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, SupportState.Dispatched).SetProperty(r => r.DecidedAt, now).SetProperty(r => r.DecidedBy, by)
                    .SetProperty(r => r.DecisionNote, dispatchNote).SetProperty(r => r.Shortfall, shortfall)
                    .SetProperty(r => r.DispatchedAt, now).SetProperty(r => r.DispatchedBy, by).SetProperty(r => r.DispatchNote, dispatchNote), ct);
            }
            else
            {
                moved = await db.SupportRequests.Where(r => r.Id == request.Id && r.State == from).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, SupportState.Dispatched).SetProperty(r => r.DispatchedAt, now).SetProperty(r => r.DispatchedBy, by)
                    .SetProperty(r => r.DispatchNote, dispatchNote), ct);
            }
            if (moved == 0) return Problem.Conflict("support-offer-closed", Messages.SupportOfferClosed);
            foreach (var line in request.Lines)
            {
                var quantity = offered.GetValueOrDefault(line.ItemId);
                if (from == SupportState.Submitted)
                    await db.SupportLines.Where(l => l.Id == line.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Accepted, quantity).SetProperty(l => l.Dispatched, quantity), ct);
                else
                    await db.SupportLines.Where(l => l.Id == line.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Dispatched, quantity), ct);
            }
            offer.State = SupportOfferState.Approved;
            told2.AddRange(await TellOfferAsync(offer, request, depot.Name, "approved", now, ct));
            told2.AddRange(await TellAsync(request, "dispatched", now, ct));
            return null;
        }
        var legs = offer.Lines.Select(l => new StockService.Leg(depot, l.Item!, MovementKind.Issue, -l.Quantity)).ToList();
        var done = await stock.CommitAsync(legs, Messages.SupportOfferReason.Zh, Number(request.Id), null, by, ct, Guard, () =>
        [
            OfferAudit("support.offer-approved", offer, new { request = request.Id, depot = depot.Id, note, lines = offer.Lines.Select(l => new { item = l.ItemId, l.Quantity }) }),
            Audit("support.offer-dispatched", request, new { offer = offer.Id, from = offer.RegionCode, depot = depot.Id, wasAnswered = from != SupportState.Submitted,
                lines = request.Lines.Select(l => new { item = l.ItemId, asked = l.Quantity, dispatched = offered.GetValueOrDefault(l.ItemId) }) }),
        ]);
        if (done.Problem is { } refused) return refused;
        await notifier.SendAsync(db, told2, ct);
        return await GetOfferAsync(id, jurisdiction, ct);
    }

    /// <summary>
    /// The offering county withdraws its offer while the city has not decided it (000 §二(五); issue 16 §3): only the headquarters (or an
    /// administrator) of the offering county, one conditional update (<c>… AND state = offered</c>): decided already, or withdrawn twice,
    /// 409 <c>support-offer-decided</c>; a withdrawn offer can no longer be approved. Audited <c>support.offer-withdrawn</c>; the city
    /// (the request's working group and headquarters) and the requesting county are told.
    /// </summary>
    public async Task<Outcome<SupportOfferDto>> WithdrawOfferAsync(long id, SupportNote input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayAsk(user)) return Problem.Forbidden("support-offer-county-only", Messages.SupportOfferWithdrawOwn);
        var offer = await db.SupportOffers.AsNoTracking().Include(o => o.Lines).ThenInclude(l => l.Item).AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (offer is null) return Problem.NotFound("support-offer-not-found", Messages.NoSuchSupportOffer(id));
        // Only the offering county itself (not the city above it, not the requesting county).
        if (offer.RegionPath != jurisdiction.Path) return Problem.Forbidden("support-offer-county-only", Messages.SupportOfferWithdrawOwn);
        var errors = new FieldErrors();
        var note = errors.Text("note", input.Note, Limits.NoteCharacters, multiline: true);
        if (errors.Problem is { } invalid) return invalid;
        if (offer.State != SupportOfferState.Offered) return Problem.Conflict("support-offer-decided", Messages.SupportOfferDecided);
        var request = await db.SupportRequests.AsNoTracking().Include(r => r.Lines).ThenInclude(l => l.Item).AsSplitQuery().FirstAsync(r => r.Id == offer.RequestId, ct);
        var depot = await db.Depots.AsNoTracking().FirstAsync(d => d.Id == offer.DepotId, ct);
        var by = user.UserName();
        var now = clock.GetUtcNow();
        IReadOnlyList<Message> told;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var moved = await db.SupportOffers.Where(o => o.Id == id && o.State == SupportOfferState.Offered).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.State, SupportOfferState.Withdrawn).SetProperty(o => o.DecidedAt, now).SetProperty(o => o.DecidedBy, by).SetProperty(o => o.DecisionNote, note), ct);
            if (moved == 0) return Problem.Conflict("support-offer-decided", Messages.SupportOfferDecided);
            (offer.State, offer.DecisionNote) = (SupportOfferState.Withdrawn, note);
            told = await TellOfferAsync(offer, request, depot.Name, "withdrawn", now, ct);
            await AuditLog.SaveChangesAsync(db, by, now, () => [OfferAudit("support.offer-withdrawn", offer, new { request = request.Id, note })], ct);
            await transaction.CommitAsync(ct);
        }
        await notifier.SendAsync(db, told, ct);
        return await GetOfferAsync(id, jurisdiction, ct);
    }

    /// <summary>The offers still waiting for the city on the given requests (the allocation shows them beside its proposal).</summary>
    private async Task<IReadOnlyList<SupportOfferDto>> PendingOffersAsync(IReadOnlyList<long> requestIds, CancellationToken ct)
    {
        var rows = await db.SupportOffers.AsNoTracking().Where(o => requestIds.Contains(o.RequestId) && o.State == SupportOfferState.Offered)
            .Include(o => o.Lines).ThenInclude(l => l.Item).AsSplitQuery().OrderBy(o => o.RequestId).ThenBy(o => o.Id).Take(Paging.MaxPageSize).ToListAsync(ct);
        return await OfferDtosAsync(rows, ct);
    }

    /// <summary>
    /// Who hears of an offer: made, the working group of the request's kind and the city headquarters (to approve) and the requesting
    /// county; approved or declined, the offering county (the requesting county hears of the dispatch as of any).
    /// </summary>
    private async Task<IReadOnlyList<Message>> TellOfferAsync(SupportOffer offer, SupportRequest r, string depotName, string step, DateTimeOffset now, CancellationToken ct)
    {
        var codes = new[] { offer.RegionCode, r.RegionCode };
        var names = await db.Regions.AsNoTracking().Where(x => codes.Contains(x.Code)).ToDictionaryAsync(x => x.Code, x => x.Name, ct);
        var from = names.GetValueOrDefault(offer.RegionCode, offer.RegionCode);
        var to = names.GetValueOrDefault(r.RegionCode, r.RegionCode);
        var cityPath = CityPaths([r.RegionPath])[r.RegionPath];
        var cityCode = Code(cityPath);
        var number = Number(r.Id);
        var what = $"{from}从{depotName}支援{to}（{number}）：{string.Join("、", offer.Lines.Select(l => (l, Item: r.Lines.FirstOrDefault(x => x.ItemId == l.ItemId)?.Item)).Select(x => $"{x.Item?.Name ?? x.l.ItemId.ToString(CultureInfo.InvariantCulture)} {x.l.Quantity}{x.Item?.Unit}"))}";
        Message ToOfferer(string title, string body) => new(offer.RegionCode, offer.RegionPath, title, body, "/support");
        Message[] messages = step switch
        {
            "offered" =>
            [
                new(cityCode, cityPath, $"互助支援 {number} 待批准", $"{what}，请批准或不予批准（001 §5.4.9）。", "/support", Unit: r.WorkingGroup),
                new(cityCode, cityPath, $"互助支援 {number} 待批准", $"{what}，由市指挥部批准。", "/support"),
                new(r.RegionCode, r.RegionPath, $"互助支援 {number}：{from}提出支援", $"{what}，待市指挥部批准。", "/support"),
            ],
            "approved" => [ToOfferer($"互助支援 {number} 已批准", $"{what}，市指挥部已批准并出库，请发运。")],
            "declined" => [ToOfferer($"互助支援 {number} 未批准", $"{what}，市指挥部未批准：{offer.DecisionNote}。")],
            "withdrawn" =>
            [
                new(cityCode, cityPath, $"互助支援 {number} 已撤回", $"{what}，{from}已撤回{(offer.DecisionNote is { } n ? "：" + n : "")}。", "/support", Unit: r.WorkingGroup),
                new(cityCode, cityPath, $"互助支援 {number} 已撤回", $"{what}，{from}已撤回。", "/support"),
                new(r.RegionCode, r.RegionPath, $"互助支援 {number} 已撤回", $"{what}，{from}已撤回。", "/support"),
            ],
            _ => [],
        };
        return Notifier.Add(db, now, messages);
    }

    private static AuditRecord OfferAudit(string action, SupportOffer o, object data) => new(action, "support-offer", o.Id.ToString(CultureInfo.InvariantCulture), data, o.RegionPath);

    private async Task<IReadOnlyList<SupportOfferDto>> OfferDtosAsync(IReadOnlyList<SupportOffer> rows, CancellationToken ct)
    {
        var requestIds = rows.Select(o => o.RequestId).Distinct().ToList();
        var requests = await db.SupportRequests.AsNoTracking().Where(r => requestIds.Contains(r.Id)).Select(r => new { r.Id, r.RegionCode }).ToDictionaryAsync(r => r.Id, ct);
        var codes = rows.Select(o => o.RegionCode).Concat(requests.Values.Select(r => r.RegionCode)).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var depotIds = rows.Select(o => o.DepotId).Distinct().ToList();
        var depots = await db.Depots.AsNoTracking().Where(d => depotIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        return [.. rows.Select(o =>
        {
            var requestCounty = requests.TryGetValue(o.RequestId, out var r) ? r.RegionCode : "";
            return new SupportOfferDto(o.Id, o.RequestId, Number(o.RequestId), requestCounty, names.GetValueOrDefault(requestCounty, requestCounty), o.RegionCode,
                names.GetValueOrDefault(o.RegionCode, o.RegionCode), o.DepotId, depots.GetValueOrDefault(o.DepotId, ""), EnumNames.Of(o.State), Messages.SupportOfferStateName(o.State).ToString(),
                o.OfferedAt, o.OfferedBy, o.Note, o.DecidedAt, o.DecidedBy, o.DecisionNote,
                [.. o.Lines.OrderBy(l => l.Id).Select(l => new SupportOfferLineDto(l.ItemId, l.Item?.Name ?? "", l.Item?.Unit ?? "", l.Quantity))]);
        })];
    }
}

/// <summary>An open materials request as a county sees it when it may offer to it: what is needed, by when, where.</summary>
public sealed record SupportNeedDto(long Id, string Number, string RegionCode, string RegionName, string Kind, string KindName, string State, string StateName,
    DateTimeOffset NeededBy, string Destination, IReadOnlyList<SupportLineDto> Lines);

public sealed record SupportOfferLineDto(int ItemId, string ItemName, string Unit, int Quantity);

/// <summary>A mutual-aid offer: from which county and depot, to which request, and the city's answer.</summary>
public sealed record SupportOfferDto(long Id, long RequestId, string RequestNumber, string RequestRegionCode, string RequestRegionName, string RegionCode, string RegionName,
    int DepotId, string DepotName, string State, string StateName, DateTimeOffset OfferedAt, string OfferedBy, string? Note, DateTimeOffset? DecidedAt, string? DecidedBy,
    string? DecisionNote, IReadOnlyList<SupportOfferLineDto> Lines);

/// <summary>depotId: a depot of the offering county; lines: items of the request and how much of each is offered.</summary>
public sealed record NewSupportOffer(int? DepotId, IReadOnlyList<SupportLineInput>? Lines, string? Note = null);

/// <summary>decision: approve or decline (a note with a refusal).</summary>
public sealed record SupportOfferDecision(string? Decision, string? Note = null);
