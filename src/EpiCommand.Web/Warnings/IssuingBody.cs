using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Domain.Plans;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Warnings;

/// <summary>
/// Who a warning notice comes from and goes to, by real names. The plan names the issuer by level (001 §3.4.1: "旗县（市、区）卫生健康委"
/// issues Ⅳ级预警); a notice is issued by one jurisdiction's own health commission ("科尔沁区卫生健康委"), taken from that jurisdiction's
/// organisation data, and addressed with the plan's 主送/抄报 lists filled in for it.
/// </summary>
public sealed record IssuingBody(string Issuer, IReadOnlyList<string> Recipients, IReadOnlyList<string> CopyTo)
{
    /// <summary>The generic level words the plans put before an office's name ("市卫生健康委员会", "旗县（市、区）卫生健康委").</summary>
    private static readonly string[] LevelWords = ["旗县（市、区）", "旗县市区", "自治区", "盟市", "市", "旗", "县", "区"];

    public static async Task<IssuingBody> ForAsync(AppDbContext db, Region area, WarningLevel level, CancellationToken ct)
    {
        var codes = area.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var chain = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToListAsync(ct);
        // The issuing jurisdiction: the warning's region or the ancestor at the plan's issuer level (a city issues Ⅲ级 for its county).
        var issuing = level.IssuerLevel is { } issuerLevel ? chain.FirstOrDefault(r => r.Level == issuerLevel) : area;
        if (issuing is null) return new IssuingBody(level.Issuer, level.Recipients, level.CopyTo);
        var parent = chain.FirstOrDefault(r => r.Code == issuing.ParentCode);

        var units = await db.MemberUnits.AsNoTracking().Where(u => u.RegionCode == issuing.Code).OrderBy(u => u.SortOrder).Select(u => u.Name).ToListAsync(ct);
        var office = await db.Headquarters.AsNoTracking().Where(h => h.RegionCode == issuing.Code).Select(h => h.OfficeLocatedAt).FirstOrDefaultAsync(ct);
        var named = units.FirstOrDefault(IsHealthCommission) ?? (office is not null && IsHealthCommission(office) ? office : null) ?? level.Issuer;
        var issuer = Qualify(named, issuing.Name);
        return new IssuingBody(issuer, [.. level.Recipients.Select(r => Fill(r, issuing, parent))], [.. level.CopyTo.Select(r => Fill(r, issuing, parent))]);
    }

    private static bool IsHealthCommission(string name) => name.Contains("卫生健康委", StringComparison.Ordinal);

    /// <summary>"市卫生健康委员会" in 通辽市 → "通辽市卫生健康委员会"; a name that already starts with the jurisdiction's stays.</summary>
    public static string Qualify(string name, string jurisdiction)
    {
        if (name.StartsWith(jurisdiction, StringComparison.Ordinal)) return name;
        var word = LevelWords.FirstOrDefault(w => name.StartsWith(w, StringComparison.Ordinal));
        return jurisdiction + (word is null ? name : name[word.Length..]);
    }

    private static string Fill(string text, Region issuing, Region? parent) =>
        text.Replace("{region}", issuing.Name, StringComparison.Ordinal).Replace("{parent}", parent?.Name ?? "上级", StringComparison.Ordinal);
}
