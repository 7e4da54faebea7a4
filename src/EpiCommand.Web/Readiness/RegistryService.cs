using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.People;
using EpiCommand.Data.Readiness;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Readiness;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Readiness;

/// <param name="Retrofit">The retrofit checklist (001 §5.1.3(2)); <c>RetrofitCompliant</c>: every item 达标.</param>
public sealed record HospitalDto(int Id, string RegionCode, string RegionName, string Name, string Level, string Kind, bool FeverClinic, string Designation,
    int Beds, int DesignatedBeds, int IcuBeds, int Doctors, int Nurses, int Version, RetrofitDto? Retrofit = null, bool RetrofitCompliant = false, bool IliSentinel = false);
/// <summary>A hospital's fields; <see cref="IliSentinel"/>: an influenza-like illness sentinel hospital (流感样病例哨点医院, 001 §5.1.4); left out (null), the flag is left as it is (a new hospital: not a sentinel).</summary>
/// <param name="Retrofit">The retrofit checklist; left out (null), the checklist is left as it is.</param>
public sealed record HospitalInput(string? Region, string? Name, string? Level, string? Kind, bool FeverClinic, string? Designation,
    int? Beds, int? DesignatedBeds, int? IcuBeds, int? Doctors, int? Nurses, int? Version = null, RetrofitDto? Retrofit = null, bool? IliSentinel = null);

public sealed record LabDto(int Id, string RegionCode, string RegionName, string Name, string Owner, int? HospitalId, int PcrPerDay, bool Mobile, int Version);
public sealed record LabInput(string? Region, string? Name, string? Owner, int? HospitalId, int? PcrPerDay, bool Mobile, int? Version = null);

public sealed record QuarantineSiteDto(int Id, string RegionCode, string RegionName, string Name, int Rooms, int RoomsForContacts, int RoomsForAsymptomatic,
    string Status, bool ContractedHotel, int Staff, int Version);
public sealed record QuarantineSiteInput(string? Region, string? Name, int? Rooms, int? RoomsForContacts, int? RoomsForAsymptomatic, string? Status,
    bool ContractedHotel, int? Staff, int? Version = null);

public sealed record DrillDto(int Id, string RegionCode, string RegionName, string Title, DateOnly ScheduledOn, DateOnly? HeldOn, string? Findings, int Version);
public sealed record DrillInput(string? Region, string? Title, DateOnly? ScheduledOn, DateOnly? HeldOn, string? Findings, int? Version = null);

/// <summary>One person on a roster: the person's name, unit and phone are the directory's (requirements A3), the role and duty the team's.</summary>
public sealed record TeamMemberDto(int PersonId, string Name, string? Unit, string? Phone, string? Role, bool OnDuty);
public sealed record TeamDto(int Id, string RegionCode, string RegionName, string Name, string Type, string TypeName, bool Mobile, int OnDuty,
    IReadOnlyList<TeamMemberDto> Members, int Version);
public sealed record TeamMemberInput(int? PersonId, string? Role, bool OnDuty);
public sealed record TeamInput(string? Region, string? Name, string? Type, bool Mobile, IReadOnlyList<TeamMemberInput>? Members, int? Version = null);

/// <summary>A training or drill of a team (001 §5.1.3(1)); <c>topics</c> are the clause's subjects by code.</summary>
public sealed record TeamTrainingDto(int Id, int TeamId, string TeamName, string RegionCode, string RegionName, DateOnly HeldOn, string Kind,
    IReadOnlyList<string> Topics, int Participants, string? Note, int Version);
public sealed record TeamTrainingInput(int? TeamId, DateOnly? HeldOn, string? Kind, IReadOnlyList<string>? Topics, int? Participants, string? Note, int? Version = null);

/// <summary>
/// The capacity registers of a jurisdiction (requirements F1–F4; 001 §5.1.3): hospitals, laboratories, quarantine sites and drills.
/// Everyone of the jurisdiction reads them; its headquarters and administrators keep them. A record sits at the city (盟市级) or
/// in a county; a change names the version it was read at (409 when someone changed it meanwhile), and every change is audited.
/// </summary>
public sealed partial class RegistryService(AppDbContext db, TimeProvider clock, ReadinessSignal signal)
{
    /// <summary>The largest count a register takes (beds, rooms, staff, tests a day).</summary>
    public const int MaxCount = 1_000_000;

    public static readonly Keyset<Hospital> HospitalsByName = Keyset<Hospital>.By(h => h.Name, h => h.Id);
    public static readonly Keyset<Laboratory> LabsByName = Keyset<Laboratory>.By(l => l.Name, l => l.Id);
    public static readonly Keyset<QuarantineSite> SitesByName = Keyset<QuarantineSite>.By(s => s.Name, s => s.Id);
    public static readonly Keyset<Drill> DrillsByDay = Keyset<Drill>.By(d => d.ScheduledOn, d => d.Id);
    public static readonly Keyset<Team> TeamsByName = Keyset<Team>.By(t => t.Name, t => t.Id);
    public static readonly Keyset<TeamTraining> TrainingsByDay = Keyset<TeamTraining>.By(t => t.HeldOn, t => t.Id, descending: true);

    /// <summary>The most people a roster takes.</summary>
    public const int MaxMembers = 200;

    public static readonly ListShape<Hospital, NoStatus> HospitalShape = new(null, null, h => h.Name);
    public static readonly ListShape<Laboratory, NoStatus> LabShape = new(null, null, l => l.Name);
    public static readonly ListShape<QuarantineSite, NoStatus> SiteShape = new(null, null, s => s.Name);
    public static readonly ListShape<Drill, NoStatus> DrillShape = new(null, null, d => d.Title);
    public static readonly ListShape<Team, NoStatus> TeamShape = new(null, null, t => t.Name);
    public static readonly ListShape<TeamTraining, NoStatus> TrainingShape = new(null, null);

    private static readonly Text HospitalWord = new("医院", "hospital");
    private static readonly Text LabWord = new("实验室", "laboratory");
    private static readonly Text SiteWord = new("隔离场所", "quarantine site");
    private static readonly Text DrillWord = new("演练", "drill");
    private static readonly Text TeamWord = new("应急队伍", "team");
    private static readonly Text TrainingWord = new("培训演练记录", "training record");

    public static bool MayManage(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Admin);

    // ---- hospitals

    public async Task<Page<HospitalDto>> HospitalsAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        await HospitalsByName.PageAsync(HospitalShape.Apply(db.Hospitals.AsNoTracking(), jurisdiction, filter), page, Mapped<Hospital, HospitalDto>(ToDto), ct);

    public async Task<Outcome<HospitalDto>> HospitalAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Hospitals.AsNoTracking()).FirstOrDefaultAsync(h => h.Id == id, ct) is { } h
            ? ToDto(h, await NamesAsync([h.RegionCode], ct)) : Problem.NotFound("no-such-hospital", Messages.NoSuchRegistryEntry(HospitalWord.ToString(), id));

    public Task<Outcome<HospitalDto>> CreateHospitalAsync(HospitalInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        CreateAsync(db.Hospitals, input.Region, user, jurisdiction, errors => CheckHospital(errors, input), (region, now) => new Hospital
        {
            RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "hospital", h => h.Name, ToDto, ct);

    public Task<Outcome<HospitalDto>> UpdateHospitalAsync(int id, HospitalInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        UpdateAsync(db.Hospitals, id, HospitalWord, input.Version, user, jurisdiction, errors => CheckHospital(errors, input), "hospital", h => h.Name, ToDto, ct);

    public Task<Outcome<bool>> DeleteHospitalAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.Hospitals, id, HospitalWord, version, user, jurisdiction, "hospital", h => h.Name, ct);

    /// <summary>The checks of a hospital's fields: null and the errors, or what to write.</summary>
    public static Action<Hospital>? CheckHospital(FieldErrors errors, HospitalInput input)
    {
        var name = errors.Text("name", input.Name, Limits.NameCharacters * 2, Messages.Required(new("医院名称", "the name")));
        var level = Choice(errors, "level", input.Level, ReadinessLabels.Levels, new("等级", "the level"));
        var kind = Choice(errors, "kind", input.Kind, ReadinessLabels.Kinds, new("类别", "the kind"));
        var designation = input.Designation is null ? Designation.None : Choice(errors, "designation", input.Designation, ReadinessLabels.Designations, new("定点类别", "the designation"));
        var beds = Count(errors, "beds", input.Beds);
        var designatedBeds = Count(errors, "designatedBeds", input.DesignatedBeds);
        var icu = Count(errors, "icuBeds", input.IcuBeds);
        var doctors = Count(errors, "doctors", input.Doctors);
        var nurses = Count(errors, "nurses", input.Nurses);
        if (designatedBeds > beds) errors.Add("designatedBeds", Messages.NotMoreThan(new("床位数", "the beds")));
        if (icu > beds) errors.Add("icuBeds", Messages.NotMoreThan(new("床位数", "the beds")));
        var retrofit = CheckRetrofit(errors, input.Retrofit);
        if (errors.Any) return null;
        return h =>
        {
            retrofit!(h);
            h.Name = name!;
            h.Level = level!.Value;
            h.Kind = kind!.Value;
            h.FeverClinic = input.FeverClinic;
            h.Designation = designation!.Value;
            h.Beds = beds;
            h.DesignatedBeds = designatedBeds;
            h.IcuBeds = icu;
            h.Doctors = doctors;
            h.Nurses = nurses;
            if (input.IliSentinel is { } sentinel) h.IliSentinel = sentinel;
        };
    }

    public static HospitalDto ToDto(Hospital h, IReadOnlyDictionary<string, string> names) =>
        new(h.Id, h.RegionCode, names.GetValueOrDefault(h.RegionCode, h.RegionCode), h.Name, EnumNames.Of(h.Level), EnumNames.Of(h.Kind), h.FeverClinic,
            EnumNames.Of(h.Designation), h.Beds, h.DesignatedBeds, h.IcuBeds, h.Doctors, h.Nurses, h.Version, RetrofitOf(h),
            Enum.GetValues<RetrofitItem>().All(i => HospitalRetrofit.Get(h, i) == RetrofitStatus.Compliant), h.IliSentinel);

    // ---- laboratories

    public async Task<Page<LabDto>> LabsAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        await LabsByName.PageAsync(LabShape.Apply(db.Laboratories.AsNoTracking(), jurisdiction, filter), page, Mapped<Laboratory, LabDto>(ToDto), ct);

    public async Task<Outcome<LabDto>> LabAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Laboratories.AsNoTracking()).FirstOrDefaultAsync(l => l.Id == id, ct) is { } l
            ? ToDto(l, await NamesAsync([l.RegionCode], ct)) : Problem.NotFound("no-such-laboratory", Messages.NoSuchRegistryEntry(LabWord.ToString(), id));

    public async Task<Outcome<LabDto>> CreateLabAsync(LabInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var hospitalKnown = await HospitalKnownAsync(input.HospitalId, jurisdiction, ct);
        return await CreateAsync(db.Laboratories, input.Region, user, jurisdiction, errors => CheckLab(errors, input, hospitalKnown), (region, now) => new Laboratory
        {
            RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "laboratory", l => l.Name, ToDto, ct);
    }

    public async Task<Outcome<LabDto>> UpdateLabAsync(int id, LabInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var hospitalKnown = await HospitalKnownAsync(input.HospitalId, jurisdiction, ct);
        return await UpdateAsync(db.Laboratories, id, LabWord, input.Version, user, jurisdiction, errors => CheckLab(errors, input, hospitalKnown), "laboratory", l => l.Name, ToDto, ct);
    }

    public Task<Outcome<bool>> DeleteLabAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.Laboratories, id, LabWord, version, user, jurisdiction, "laboratory", l => l.Name, ct);

    private async Task<bool> HospitalKnownAsync(int? id, Jurisdiction jurisdiction, CancellationToken ct) =>
        id is null || await jurisdiction.Scope(db.Hospitals).AnyAsync(h => h.Id == id, ct);

    public static Action<Laboratory>? CheckLab(FieldErrors errors, LabInput input, bool hospitalKnown)
    {
        var name = errors.Text("name", input.Name, Limits.NameCharacters * 2, Messages.Required(new("实验室名称", "the name")));
        var owner = Choice(errors, "owner", input.Owner, ReadinessLabels.Owners, new("所属机构类别", "the owner"));
        var pcr = Count(errors, "pcrPerDay", input.PcrPerDay);
        if (!hospitalKnown) errors.Add("hospitalId", Messages.HospitalOutsideRegion(input.HospitalId ?? 0));
        if (errors.Any) return null;
        return l =>
        {
            l.Name = name!;
            l.Owner = owner!.Value;
            l.HospitalId = input.HospitalId;
            l.PcrPerDay = pcr;
            l.Mobile = input.Mobile;
        };
    }

    public static LabDto ToDto(Laboratory l, IReadOnlyDictionary<string, string> names) =>
        new(l.Id, l.RegionCode, names.GetValueOrDefault(l.RegionCode, l.RegionCode), l.Name, EnumNames.Of(l.Owner), l.HospitalId, l.PcrPerDay, l.Mobile, l.Version);

    // ---- quarantine sites

    public async Task<Page<QuarantineSiteDto>> SitesAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        await SitesByName.PageAsync(SiteShape.Apply(db.QuarantineSites.AsNoTracking(), jurisdiction, filter), page, Mapped<QuarantineSite, QuarantineSiteDto>(ToDto), ct);

    public async Task<Outcome<QuarantineSiteDto>> SiteAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.QuarantineSites.AsNoTracking()).FirstOrDefaultAsync(s => s.Id == id, ct) is { } s
            ? ToDto(s, await NamesAsync([s.RegionCode], ct)) : Problem.NotFound("no-such-quarantine-site", Messages.NoSuchRegistryEntry(SiteWord.ToString(), id));

    public Task<Outcome<QuarantineSiteDto>> CreateSiteAsync(QuarantineSiteInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        CreateAsync(db.QuarantineSites, input.Region, user, jurisdiction, errors => CheckSite(errors, input), (region, now) => new QuarantineSite
        {
            RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "quarantine-site", s => s.Name, ToDto, ct);

    public Task<Outcome<QuarantineSiteDto>> UpdateSiteAsync(int id, QuarantineSiteInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        UpdateAsync(db.QuarantineSites, id, SiteWord, input.Version, user, jurisdiction, errors => CheckSite(errors, input), "quarantine-site", s => s.Name, ToDto, ct);

    public Task<Outcome<bool>> DeleteSiteAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.QuarantineSites, id, SiteWord, version, user, jurisdiction, "quarantine-site", s => s.Name, ct);

    public static Action<QuarantineSite>? CheckSite(FieldErrors errors, QuarantineSiteInput input)
    {
        var name = errors.Text("name", input.Name, Limits.NameCharacters * 2, Messages.Required(new("场所名称", "the name")));
        var rooms = Count(errors, "rooms", input.Rooms);
        var contacts = Count(errors, "roomsForContacts", input.RoomsForContacts);
        var asymptomatic = Count(errors, "roomsForAsymptomatic", input.RoomsForAsymptomatic);
        var status = input.Status is null ? SiteStatus.InUse : Choice(errors, "status", input.Status, ReadinessLabels.Statuses, new("状态", "the status"));
        var staff = Count(errors, "staff", input.Staff);
        if (!errors.Has("roomsForContacts") && !errors.Has("roomsForAsymptomatic") && contacts + asymptomatic > rooms)
        {
            errors.Add("roomsForAsymptomatic", Messages.NotMoreThan(new("房间总数（密接与无症状合计）", "the rooms (close contacts and asymptomatic together)")));
        }
        if (errors.Any) return null;
        return s =>
        {
            s.Name = name!;
            s.Rooms = rooms;
            s.RoomsForContacts = contacts;
            s.RoomsForAsymptomatic = asymptomatic;
            s.Status = status!.Value;
            s.ContractedHotel = input.ContractedHotel;
            s.Staff = staff;
        };
    }

    public static QuarantineSiteDto ToDto(QuarantineSite s, IReadOnlyDictionary<string, string> names) =>
        new(s.Id, s.RegionCode, names.GetValueOrDefault(s.RegionCode, s.RegionCode), s.Name, s.Rooms, s.RoomsForContacts, s.RoomsForAsymptomatic,
            EnumNames.Of(s.Status), s.ContractedHotel, s.Staff, s.Version);

    // ---- drills

    public async Task<Page<DrillDto>> DrillsAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        await DrillsByDay.PageAsync(DrillShape.Apply(db.Drills.AsNoTracking(), jurisdiction, filter), page, Mapped<Drill, DrillDto>(ToDto), ct);

    public async Task<Outcome<DrillDto>> DrillAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Drills.AsNoTracking()).FirstOrDefaultAsync(d => d.Id == id, ct) is { } d
            ? ToDto(d, await NamesAsync([d.RegionCode], ct)) : Problem.NotFound("no-such-drill", Messages.NoSuchRegistryEntry(DrillWord.ToString(), id));

    public Task<Outcome<DrillDto>> CreateDrillAsync(DrillInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        CreateAsync(db.Drills, input.Region, user, jurisdiction, errors => CheckDrill(errors, input, ChinaTime.DayOf(clock.GetUtcNow())), (region, now) => new Drill
        {
            RegionCode = region.Code, RegionPath = region.Path, Title = "", UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "drill", d => d.Title, ToDto, ct);

    public Task<Outcome<DrillDto>> UpdateDrillAsync(int id, DrillInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        UpdateAsync(db.Drills, id, DrillWord, input.Version, user, jurisdiction, errors => CheckDrill(errors, input, ChinaTime.DayOf(clock.GetUtcNow())), "drill", d => d.Title, ToDto, ct);

    public Task<Outcome<bool>> DeleteDrillAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.Drills, id, DrillWord, version, user, jurisdiction, "drill", d => d.Title, ct);

    public static Action<Drill>? CheckDrill(FieldErrors errors, DrillInput input, DateOnly today)
    {
        var title = errors.Text("title", input.Title, Limits.NameCharacters * 2, Messages.Required(new("演练名称", "the title")));
        var findings = errors.Text("findings", input.Findings, Limits.NoteCharacters, multiline: true);
        if (input.ScheduledOn is null) errors.Add("scheduledOn", Messages.Required(new("计划日期", "the day scheduled")));
        if (input.HeldOn is { } held && held > today) errors.Add("heldOn", Messages.DrillHeldAhead);
        if (errors.Any) return null;
        return d =>
        {
            d.Title = title!;
            d.ScheduledOn = input.ScheduledOn!.Value;
            d.HeldOn = input.HeldOn;
            d.Findings = findings;
        };
    }

    public static DrillDto ToDto(Drill d, IReadOnlyDictionary<string, string> names) =>
        new(d.Id, d.RegionCode, names.GetValueOrDefault(d.RegionCode, d.RegionCode), d.Title, d.ScheduledOn, d.HeldOn, d.Findings, d.Version);

    // ---- teams (001 §5.1.3(1); 000 §三(二))

    public async Task<Page<TeamDto>> TeamsAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct) =>
        await TeamsByName.PageAsync(TeamShape.Apply(db.Teams.AsNoTracking(), jurisdiction, filter).Include(t => t.Members).ThenInclude(m => m.Person),
            page, Mapped<Team, TeamDto>((t, names) => ToDto(t, names, null)), ct);

    public async Task<Outcome<TeamDto>> TeamAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Teams.AsNoTracking()).Include(t => t.Members).ThenInclude(m => m.Person).FirstOrDefaultAsync(t => t.Id == id, ct) is { } t
            ? ToDto(t, await NamesAsync([t.RegionCode], ct), null) : Problem.NotFound("no-such-team", Messages.NoSuchRegistryEntry(TeamWord.ToString(), id));

    public async Task<Outcome<TeamDto>> CreateTeamAsync(TeamInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var people = await RosterPeopleAsync(input.Members, jurisdiction, ct);
        return await CreateAsync(db.Teams, input.Region, user, jurisdiction, errors => CheckTeam(errors, input, people), (region, now) => new Team
        {
            RegionCode = region.Code, RegionPath = region.Path, Name = "", UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "team", t => t.Name, (t, names) => ToDto(t, names, people), ct);
    }

    public async Task<Outcome<TeamDto>> UpdateTeamAsync(int id, TeamInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var people = await RosterPeopleAsync(input.Members, jurisdiction, ct);
        // The roster as it stands, tracked, so that the change below keeps, changes, removes and adds members one by one.
        await db.TeamMembers.Where(m => m.TeamId == id).LoadAsync(ct);
        var before = db.ChangeTracker.Entries<TeamMember>().Where(e => e.Entity.TeamId == id).Select(e => new { person = e.Entity.PersonId, e.Entity.Role, e.Entity.OnDuty }).ToList();
        return await UpdateAsync(db.Teams, id, TeamWord, input.Version, user, jurisdiction, errors => CheckTeam(errors, input, people), "team", t => t.Name,
            (t, names) => ToDto(t, names, people), ct,
            (t, changes) => changes["Members"] = new { before, after = t.Members.Select(m => new { person = m.PersonId, m.Role, m.OnDuty }) });
    }

    public Task<Outcome<bool>> DeleteTeamAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.Teams, id, TeamWord, version, user, jurisdiction, "team", t => t.Name, ct);

    /// <summary>The people a roster names that are of the user's jurisdiction (another county's people are not theirs to put on a team).</summary>
    private async Task<Dictionary<int, Person>> RosterPeopleAsync(IReadOnlyList<TeamMemberInput>? members, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var ids = (members ?? []).Select(m => m?.PersonId).OfType<int>().Distinct().Take(MaxMembers + 1).ToList();
        return await jurisdiction.Scope(db.People.AsNoTracking()).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
    }

    /// <summary>A team's name, type and whether it is mobile — the team sheet's columns (the roster is kept on the page and through the API).</summary>
    public static Action<Team>? CheckTeamHeading(FieldErrors errors, string? nameText, string? typeText, bool mobile)
    {
        var name = errors.Text("name", nameText, Limits.NameCharacters * 2, Messages.Required(new("队伍名称", "the name")));
        var type = Choice(errors, "type", typeText, ReadinessLabels.TeamTypes, new("队伍类别", "the type"));
        if (name is null || type is null) return null;
        return t =>
        {
            t.Name = name;
            t.Type = type.Value;
            t.Mobile = mobile;
        };
    }

    private static Action<Team>? CheckTeam(FieldErrors errors, TeamInput input, Dictionary<int, Person> people)
    {
        var heading = CheckTeamHeading(errors, input.Name, input.Type, input.Mobile);
        var members = input.Members ?? [];
        if (members.Count > MaxMembers) errors.Add("members", Messages.TeamTooLarge(MaxMembers));
        var wanted = new Dictionary<int, (string? Role, bool OnDuty)>();
        for (var i = 0; i < members.Count && i < MaxMembers; i++)
        {
            var member = members[i];
            if (member?.PersonId is not { } personId)
            {
                errors.Add($"members[{i}].personId", Messages.Required(new("人员", "the person")));
                continue;
            }
            var role = errors.Text($"members[{i}].role", member.Role, 50);
            if (!people.TryGetValue(personId, out var person)) errors.Add($"members[{i}].personId", Messages.TeamPersonUnknown(personId));
            else if (!wanted.TryAdd(personId, (role, member.OnDuty))) errors.Add($"members[{i}].personId", Messages.TeamPersonTwice(person.Name));
        }
        if (errors.Any) return null;
        return t =>
        {
            heading!(t);
            foreach (var gone in t.Members.Where(m => !wanted.ContainsKey(m.PersonId)).ToList()) t.Members.Remove(gone);
            foreach (var (personId, (role, onDuty)) in wanted)
            {
                if (t.Members.FirstOrDefault(m => m.PersonId == personId) is { } kept)
                {
                    kept.Role = role;
                    kept.OnDuty = onDuty;
                }
                else
                {
                    t.Members.Add(new TeamMember { PersonId = personId, Role = role, OnDuty = onDuty });
                }
            }
        };
    }

    public static TeamDto ToDto(Team t, IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<int, Person>? people)
    {
        var members = t.Members.Select(m => (Member: m, Person: m.Person ?? people?.GetValueOrDefault(m.PersonId)))
            .OrderByDescending(m => m.Member.OnDuty).ThenBy(m => m.Person?.Name, StringComparer.Ordinal).ThenBy(m => m.Member.PersonId)
            .Select(m => new TeamMemberDto(m.Member.PersonId, m.Person?.Name ?? "", m.Person?.Unit, m.Person?.Phone, m.Member.Role, m.Member.OnDuty)).ToList();
        return new(t.Id, t.RegionCode, names.GetValueOrDefault(t.RegionCode, t.RegionCode), t.Name, EnumNames.Of(t.Type), ReadinessLabels.TeamTypes[t.Type].ToString(),
            t.Mobile, members.Count(m => m.OnDuty), members, t.Version);
    }

    // ---- team training and drills (001 §5.1.3(1) 加强培训和演练; 003 §二(四)5)

    /// <summary>The training records of the jurisdiction (or of one team), newest first.</summary>
    public async Task<Page<TeamTrainingDto>> TrainingsAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, int? teamId, PageRequest page, CancellationToken ct)
    {
        var query = TrainingShape.Apply(db.TeamTrainings.AsNoTracking(), jurisdiction, filter);
        if (teamId is { } team) query = query.Where(t => t.TeamId == team);
        return await TrainingsByDay.PageAsync(query.Include(t => t.Team), page, Mapped<TeamTraining, TeamTrainingDto>(ToDto), ct);
    }

    public async Task<Outcome<TeamTrainingDto>> TrainingAsync(int id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.TeamTrainings.AsNoTracking()).Include(t => t.Team).FirstOrDefaultAsync(t => t.Id == id, ct) is { } t
            ? ToDto(t, await NamesAsync([t.RegionCode], ct)) : Problem.NotFound("no-such-training", Messages.NoSuchRegistryEntry(TrainingWord.ToString(), id));

    public async Task<Outcome<TeamTrainingDto>> CreateTrainingAsync(TeamTrainingInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var team = await TrainedTeamAsync(input.TeamId, jurisdiction, ct);
        return await CreateAsync(db.TeamTrainings, team?.RegionCode ?? jurisdiction.RegionCode, user, jurisdiction, errors => CheckTraining(errors, input, team, ChinaTime.DayOf(clock.GetUtcNow())), (region, now) => new TeamTraining
        {
            RegionCode = region.Code, RegionPath = region.Path, UpdatedBy = user.UserName(), UpdatedAt = now,
        }, "training", t => t.Team?.Name ?? "", ToDto, ct);
    }

    public async Task<Outcome<TeamTrainingDto>> UpdateTrainingAsync(int id, TeamTrainingInput input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var team = await TrainedTeamAsync(input.TeamId, jurisdiction, ct);
        return await UpdateAsync(db.TeamTrainings, id, TrainingWord, input.Version, user, jurisdiction, errors => CheckTraining(errors, input, team, ChinaTime.DayOf(clock.GetUtcNow())), "training",
            t => t.Team?.Name ?? "", ToDto, ct);
    }

    public Task<Outcome<bool>> DeleteTrainingAsync(int id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct) =>
        DeleteAsync(db.TeamTrainings, id, TrainingWord, version, user, jurisdiction, "training", t => t.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct);

    /// <summary>The team of the jurisdiction a record names (tracked, so the record's <c>Team</c> is set); null when unknown or another county's.</summary>
    private async Task<Team?> TrainedTeamAsync(int? id, Jurisdiction jurisdiction, CancellationToken ct) =>
        id is { } teamId ? await jurisdiction.Scope(db.Teams).FirstOrDefaultAsync(t => t.Id == teamId, ct) : null;

    /// <summary>The checks of a training record (also the sheet's rows): null and the errors, or what to write.</summary>
    public static Action<TeamTraining>? CheckTraining(FieldErrors errors, TeamTrainingInput input, Team? team, DateOnly today)
    {
        if (input.TeamId is null) errors.Add("teamId", Messages.Required(new("队伍", "the team")));
        else if (team is null) errors.Add("teamId", Messages.TrainingTeamUnknown(input.TeamId.Value));
        if (input.HeldOn is null) errors.Add("heldOn", Messages.Required(new("日期", "the day")));
        else if (input.HeldOn > today) errors.Add("heldOn", Messages.DrillHeldAhead);
        var kind = Choice(errors, "kind", input.Kind, ReadinessLabels.TrainingKinds, new("类型（培训/演练）", "the kind (training or drill)"));
        var topics = TrainingTopics.None;
        var list = input.Topics ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i]) || !ReadinessLabels.TryParse(ReadinessLabels.Topics, list[i], out var topic) || topic == TrainingTopics.None)
            {
                errors.Add($"topics[{i}]", Messages.RegistryImportChoice(list[i]?.Trim() ?? "", ReadinessLabels.Choices(ReadinessLabels.Topics)));
                continue;
            }
            topics |= topic;
        }
        var participants = Count(errors, "participants", input.Participants);
        var note = errors.Text("note", input.Note, Limits.NoteCharacters, multiline: true);
        if (errors.Any) return null;
        return t =>
        {
            t.TeamId = team!.Id;
            t.Team = team;
            t.RegionCode = team.RegionCode;
            t.RegionPath = team.RegionPath;
            t.HeldOn = input.HeldOn!.Value;
            t.Kind = kind!.Value;
            t.Topics = topics;
            t.Participants = participants;
            t.Note = note;
        };
    }

    public static TeamTrainingDto ToDto(TeamTraining t, IReadOnlyDictionary<string, string> names) =>
        new(t.Id, t.TeamId, t.Team?.Name ?? "", t.RegionCode, names.GetValueOrDefault(t.RegionCode, t.RegionCode), t.HeldOn, EnumNames.Of(t.Kind),
            [.. ReadinessLabels.Topics.Keys.Where(k => t.Topics.HasFlag(k)).Select(k => EnumNames.Of(k))], t.Participants, t.Note, t.Version);

    // ---- shared

    /// <summary>The region a record is registered at: the one named, else the user's own; the city or a county within the jurisdiction.</summary>
    public async Task<Outcome<Region>> RegisterRegionAsync(Jurisdiction jurisdiction, string? code, CancellationToken ct)
    {
        var region = await jurisdiction.RegionAsync(db, string.IsNullOrWhiteSpace(code) ? jurisdiction.RegionCode : code, "region", ct);
        if (region.Problem is not null) return region;
        return region.Value!.Level is RegionLevel.City or RegionLevel.County ? region : Problem.Invalid("region", Messages.RegistryRegionLevel);
    }

    private async Task<Outcome<TDto>> CreateAsync<T, TDto>(DbSet<T> set, string? regionCode, ClaimsPrincipal user, Jurisdiction jurisdiction,
        Func<FieldErrors, Action<T>?> check, Func<Region, DateTimeOffset, T> create, string subject, Func<T, string> nameOf,
        Func<T, IReadOnlyDictionary<string, string>, TDto> toDto, CancellationToken ct) where T : class, IRegisterEntry
    {
        if (!MayManage(user)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly);
        var errors = new FieldErrors();
        var region = await RegisterRegionAsync(jurisdiction, regionCode, ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        var apply = check(errors);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        var entity = create(region.Value!, now);
        apply!(entity);
        set.Add(entity);
        var names = new Dictionary<string, string> { [region.Value!.Code] = region.Value.Name };
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [new AuditRecord($"{subject}.registered", subject, IdOf(entity), entity, entity.RegionPath)], ct);
        }
        catch (DbUpdateException)
        {
            // The unique name within a region: the same name registered meanwhile, or already.
            db.ChangeTracker.Clear();
            return Problem.Conflict("already-registered", Messages.RegistryNameTaken(nameOf(entity), region.Value.Name));
        }
        signal.Changed();
        return toDto(entity, names);
    }

    private async Task<Outcome<TDto>> UpdateAsync<T, TDto>(DbSet<T> set, int id, Text word, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction,
        Func<FieldErrors, Action<T>?> check, string subject, Func<T, string> nameOf, Func<T, IReadOnlyDictionary<string, string>, TDto> toDto, CancellationToken ct,
        Action<T, Dictionary<string, object>>? moreChanges = null)
        where T : class, IRegisterEntry
    {
        if (!MayManage(user)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly);
        var entity = await jurisdiction.Scope(set).FirstOrDefaultAsync(e => EF.Property<int>(e, "Id") == id, ct);
        if (entity is null) return Problem.NotFound($"no-such-{subject}", Messages.NoSuchRegistryEntry(word.ToString(), id));
        var errors = new FieldErrors();
        if (version is null) errors.Add("version", Messages.VersionRequired);
        var apply = check(errors);
        if (errors.Problem is { } invalid) return invalid;
        var entry = db.Entry(entity);
        var before = nameOf(entity);
        if (version != entity.Version) return Problem.Conflict($"{subject}-changed", Messages.RegistryEntryChanged(before));

        apply!(entity);
        entity.Version = version.Value + 1;
        entity.UpdatedBy = user.UserName();
        entity.UpdatedAt = clock.GetUtcNow();
        var changes = entry.Properties.Where(p => p.IsModified && p.Metadata.Name is not ("Version" or "UpdatedBy" or "UpdatedAt"))
            .ToDictionary(p => p.Metadata.Name, p => (object)new { before = p.OriginalValue, after = p.CurrentValue });
        moreChanges?.Invoke(entity, changes);
        var regionName = await db.Regions.Where(r => r.Code == entity.RegionCode).Select(r => r.Name).FirstAsync(ct);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), clock.GetUtcNow(), () => [new AuditRecord($"{subject}.changed", subject, IdOf(entity), changes, entity.RegionPath)], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict($"{subject}-changed", Messages.RegistryEntryChanged(before));
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("already-registered", Messages.RegistryNameTaken(nameOf(entity), regionName));
        }
        signal.Changed();
        return toDto(entity, new Dictionary<string, string> { [entity.RegionCode] = regionName });
    }

    private async Task<Outcome<bool>> DeleteAsync<T>(DbSet<T> set, int id, Text word, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, string subject,
        Func<T, string> nameOf, CancellationToken ct) where T : class, IRegisterEntry
    {
        if (!MayManage(user)) return Problem.Forbidden("readiness-not-allowed", Messages.ReadinessManagersOnly);
        var entity = await jurisdiction.Scope(set).FirstOrDefaultAsync(e => EF.Property<int>(e, "Id") == id, ct);
        if (entity is null) return Problem.NotFound($"no-such-{subject}", Messages.NoSuchRegistryEntry(word.ToString(), id));
        if (version is null) return Problem.Invalid("version", Messages.VersionRequired);
        if (version != entity.Version) return Problem.Conflict($"{subject}-changed", Messages.RegistryEntryChanged(nameOf(entity)));
        set.Remove(entity);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), clock.GetUtcNow(), () => [new AuditRecord($"{subject}.removed", subject, IdOf(entity), new { name = nameOf(entity) }, entity.RegionPath)], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict($"{subject}-changed", Messages.RegistryEntryChanged(nameOf(entity)));
        }
        signal.Changed();
        return true;
    }

    private Func<IReadOnlyList<T>, CancellationToken, Task<IReadOnlyList<TDto>>> Mapped<T, TDto>(Func<T, IReadOnlyDictionary<string, string>, TDto> toDto) where T : IRegional =>
        async (rows, ct) =>
        {
            var names = await NamesAsync(rows.Select(r => r.RegionCode), ct);
            return [.. rows.Select(r => toDto(r, names))];
        };

    private string IdOf(object entity) => ((int)db.Entry(entity).Property("Id").CurrentValue!).ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.Regions.AsNoTracking().Where(r => list.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
    }

    public static T? Choice<T>(FieldErrors errors, string path, string? text, IReadOnlyDictionary<T, Text> labels, Text what) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(path, Messages.Required(what));
            return null;
        }
        if (ReadinessLabels.TryParse(labels, text, out var value)) return value;
        errors.Add(path, Messages.RegistryImportChoice(text.Trim(), $"{EnumNames.List<T>()}；{ReadinessLabels.Choices(labels)}"));
        return null;
    }

    public static int Count(FieldErrors errors, string path, int? value)
    {
        if (value is null or < 0 or > MaxCount)
        {
            errors.Add(path, Messages.CountOutOfRange(MaxCount));
            return 0;
        }
        return value.Value;
    }
}
