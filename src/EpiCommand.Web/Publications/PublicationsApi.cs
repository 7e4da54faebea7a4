using System.Globalization;
using System.Text;
using System.Xml;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace EpiCommand.Web.Publications;

/// <summary>A release as the headquarters sees it, with who drafted and approved it.</summary>
public sealed record PublicationDto(
    long Id, string Region, string Kind, DateOnly Day, string Title, string? Note, PublicContent Content, string State, string DraftedBy, DateTimeOffset DraftedAt,
    string? PublishedBy, DateTimeOffset? PublishedAt, string? WithdrawnBy, DateTimeOffset? WithdrawnAt, string? WithdrawReason, int Version);

/// <summary>A release as the public sees it: the publishing headquarters, never a person.</summary>
public sealed record PublicItemDto(long Id, string Kind, string Region, string Publisher, DateOnly Day, string Title, string? Note, DateTimeOffset PublishedAt, PublicContent Content);

/// <summary>The current list of a kind: the latest release of each region that released one.</summary>
public sealed record PublicListDto(IReadOnlyList<PublicItemDto> Items);

/// <summary>
/// Public information (B7): <c>/api/publications</c> for the headquarters (draft from the record, approve, withdraw), and
/// <c>/api/public</c> for everyone without signing in — only what was published, paged or bounded, cacheable for a minute.
/// </summary>
public static class PublicationsApi
{
    /// <summary>How long a cache may keep a public answer.</summary>
    public const string PublicCacheControl = "public, max-age=60";

    public const int FeedEntries = 20;

    public static WebApplicationBuilder AddPublications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PublicationService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPublications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/publications").WithTags("Publications").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, PublicationService service, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var list = await query.FilterAsync<Publication, PublicationState>(jurisdiction, db, PublicationService.Newest, ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            var page = await service.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct);
            return TypedResults.Ok(new Page<PublicationDto>(page.Items.Select(ToDto).ToList(), page.Next, page.Total, page.MoreThan));
        }).Produces<Page<PublicationDto>>().WithName("ListPublications")
            .WithSummary("Public information of the jurisdiction (drafts, published, withdrawn), newest first, a page at a time; status=draft|published|withdrawn, region, from/to, q: title prefix");
        group.MapGet("/{id:long}", async (long id, HttpContext http, PublicationService service, CancellationToken ct) =>
                await service.FindAsync(id, http.Jurisdiction(), ct) is { } found ? Results.Ok(ToDto(found)) : Problem.NotFound("no-such-publication", Messages.NoSuchPublication(id)).ToHttp())
            .WithName("GetPublication").WithSummary("A release with its content");
        group.MapPost("/", async (NewPublication request, HttpContext http, PublicationService service, CancellationToken ct) =>
                (await service.DraftAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(p => $"/api/publications/{p.Id}", ToDto))
            .WithName("DraftPublication")
            .WithSummary("Draft a release from the record: kind = bulletin (city only, 001 §4.5) | riskAreas | clinics (city or county, 001 §5.2.6, §5.2.10); the region's own headquarters or CDC");
        group.MapPost("/{id:long}/publish", async (long id, PublicationChange change, HttpContext http, PublicationService service, CancellationToken ct) =>
                (await service.PublishAsync(id, change, http.User, http.Jurisdiction(), ct)).ToHttp(ToDto))
            .WithName("PublishPublication").WithSummary("Approve a draft: the owning region's headquarters, another person than the drafter; it then appears publicly");
        group.MapPost("/{id:long}/withdraw", async (long id, PublicationChange change, HttpContext http, PublicationService service, CancellationToken ct) =>
                (await service.WithdrawAsync(id, change, http.User, http.Jurisdiction(), ct)).ToHttp(ToDto))
            .WithName("WithdrawPublication").WithSummary("Withdraw a published release, with the reason; it leaves the public page, API and feed");

        // Anonymous by design: nothing here is behind RequireJurisdiction, and nothing here reads other than published releases.
        var open = app.MapGroup("/api/public").WithTags("Public").AllowAnonymous();
        open.MapGet("/bulletins", (HttpContext http, PublicationService service, [FromQuery(Name = "after")] string? after, [FromQuery(Name = "limit")] string? limit, CancellationToken ct) =>
                PagedAsync(http, service, PublicationKind.Bulletin, after, limit, ct))
            .Produces<Page<PublicItemDto>>().WithName("PublicBulletins").WithSummary("Published daily bulletins (cases by county), newest first, a page at a time; no sign-in");
        open.MapGet("/rebuttals", (HttpContext http, PublicationService service, [FromQuery(Name = "after")] string? after, [FromQuery(Name = "limit")] string? limit, CancellationToken ct) =>
                PagedAsync(http, service, PublicationKind.Rebuttal, after, limit, ct))
            .Produces<Page<PublicItemDto>>().WithName("PublicRebuttals").WithSummary("Published rumour rebuttals (辟谣, 001 §5.3.9), newest first, a page at a time; no sign-in");
        open.MapGet("/risk-areas", (HttpContext http, PublicationService service, CancellationToken ct) => CurrentAsync(http, service, PublicationKind.RiskAreas, ct))
            .Produces<PublicListDto>().WithName("PublicRiskAreas").WithSummary("The current published medium/high-risk areas, the latest release of each region; no sign-in");
        open.MapGet("/clinics", (HttpContext http, PublicationService service, CancellationToken ct) => CurrentAsync(http, service, PublicationKind.Clinics, ct))
            .Produces<PublicListDto>().WithName("PublicClinics").WithSummary("The current published fever clinics and designated hospitals, the latest release of each region; no sign-in");
        open.MapGet("/feed", async (HttpContext http, PublicationService service, CancellationToken ct) =>
        {
            var page = await service.PublishedAsync(null, PageRequest.First(FeedEntries), ct);
            var publishers = await service.PublishersAsync(page.Items.Select(p => p.RegionCode), ct);
            Cacheable(http);
            return Results.Text(Atom(page.Items, publishers, $"{http.Request.Scheme}://{http.Request.Host}"), "application/atom+xml; charset=utf-8", Encoding.UTF8);
        }).Produces(StatusCodes.Status200OK, contentType: "application/atom+xml").WithName("PublicFeed").WithSummary("An Atom feed of the latest published releases; no sign-in");
        return app;
    }

    private static async Task<IResult> PagedAsync(HttpContext http, PublicationService service, PublicationKind kind, string? after, string? limit, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var request = Paging.Parse(errors, PublicationService.Newest, after, limit);
        if (errors.Problem is { } invalid) return invalid.ToHttp();
        var page = await service.PublishedAsync(kind, request, ct);
        var publishers = await service.PublishersAsync(page.Items.Select(p => p.RegionCode), ct);
        Cacheable(http);
        return TypedResults.Ok(new Page<PublicItemDto>(page.Items.Select(p => ToPublic(p, publishers)).ToList(), page.Next, page.Total, page.MoreThan));
    }

    private static async Task<IResult> CurrentAsync(HttpContext http, PublicationService service, PublicationKind kind, CancellationToken ct)
    {
        var items = await service.CurrentAsync(kind, ct);
        var publishers = await service.PublishersAsync(items.Select(p => p.RegionCode), ct);
        Cacheable(http);
        return TypedResults.Ok(new PublicListDto(items.Select(p => ToPublic(p, publishers)).ToList()));
    }

    private static void Cacheable(HttpContext http) => http.Response.Headers[HeaderNames.CacheControl] = PublicCacheControl;

    public static PublicationDto ToDto(Publication p) => new(
        p.Id, p.RegionCode, EnumNames.Of(p.Kind), p.Day, p.Title, p.Note, PublicationService.ContentOf(p), EnumNames.Of(p.State), p.DraftedBy, p.DraftedAt,
        p.PublishedBy, p.PublishedAt, p.WithdrawnBy, p.WithdrawnAt, p.WithdrawReason, p.Version);

    public static PublicItemDto ToPublic(Publication p, IReadOnlyDictionary<string, string> publishers) => new(
        p.Id, EnumNames.Of(p.Kind), p.RegionCode, publishers.GetValueOrDefault(p.RegionCode, p.RegionCode), p.Day, p.Title, p.Note, p.PublishedAt!.Value, PublicationService.ContentOf(p));

    /// <summary>The feed (RFC 4287): one entry per release, its summary the release's figures in one line.</summary>
    public static string Atom(IReadOnlyList<Publication> items, IReadOnlyDictionary<string, string> publishers, string origin)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            const string ns = "http://www.w3.org/2005/Atom";
            xml.WriteStartElement("feed", ns);
            xml.WriteElementString("title", ns, "疫情防控公开信息");
            xml.WriteElementString("id", ns, $"{origin}/public");
            xml.WriteElementString("updated", ns, Stamp(items.Count > 0 ? items.Max(p => p.PublishedAt!.Value) : DateTimeOffset.UnixEpoch));
            xml.WriteStartElement("link", ns);
            xml.WriteAttributeString("href", $"{origin}/public");
            xml.WriteEndElement();
            foreach (var p in items)
            {
                xml.WriteStartElement("entry", ns);
                xml.WriteElementString("title", ns, p.Title);
                xml.WriteElementString("id", ns, $"{origin}/public#p{p.Id}");
                xml.WriteElementString("updated", ns, Stamp(p.PublishedAt!.Value));
                xml.WriteStartElement("author", ns);
                xml.WriteElementString("name", ns, publishers.GetValueOrDefault(p.RegionCode, p.RegionCode));
                xml.WriteEndElement();
                xml.WriteStartElement("link", ns);
                xml.WriteAttributeString("href", $"{origin}/public#p{p.Id}");
                xml.WriteEndElement();
                xml.WriteElementString("summary", ns, Summary(p));
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The release in one line of Chinese, as the feed and the page's headings say it.</summary>
    public static string Summary(Publication p)
    {
        var content = PublicationService.ContentOf(p);
        var text = p.Kind switch
        {
            PublicationKind.Bulletin => $"新增确诊 {content.Cases!.Sum(r => r.NewConfirmed)} 例，新增无症状感染者 {content.Cases!.Sum(r => r.NewAsymptomatic)} 例，在院治疗 {content.Cases!.Sum(r => r.UnderTreatment)} 例。",
            PublicationKind.RiskAreas => content.Areas!.Count == 0 ? "无中高风险地区。" : $"中高风险地区 {content.Areas!.Count} 处：{string.Join("、", content.Areas!.Take(10).Select(a => a.Zone is null ? a.RegionName : a.RegionName + a.Zone))}。",
            PublicationKind.Rebuttal => $"传言：{content.Rebuttal!.Claim} 真相：{content.Rebuttal!.Facts}",
            _ => $"发热门诊 {content.Hospitals!.Count(h => h.FeverClinic)} 家，定点医院 {content.Hospitals!.Count(h => h.Designation != "none")} 家。",
        };
        return p.Note is null ? text : $"{p.Note} {text}";
    }
}
